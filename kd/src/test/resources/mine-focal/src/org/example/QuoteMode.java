package org.example;

public enum QuoteMode {
    ALL, MINIMAL
}
