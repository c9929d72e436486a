package org.example;

public class Counter {
    private int count;

    public int increment() {
        return ++count;
    }
}
