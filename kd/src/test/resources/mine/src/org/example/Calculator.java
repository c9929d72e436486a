package org.example;

/** A small class under test. */
public class Calculator {
    private int memory;

    public Calculator() {
        memory = 0;
    }

    public int add(int a, int b) {
        return a + b;
    }

    public double add(double a, double b) {
        return a + b;
    }

    public int divide(int a, int b) {
        // integer division
        return a / b;
    }

    public static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }
}
