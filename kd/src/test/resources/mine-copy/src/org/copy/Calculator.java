package org.copy;

/** A second artifact that carries a copy of org.example.Calculator (as commons-text carries lang3 code). */
public class Calculator {
    public int add(int a, int b) {
        return a + b;
    }

    public int subtract(int a, int b) {
        return a - b;
    }
}
