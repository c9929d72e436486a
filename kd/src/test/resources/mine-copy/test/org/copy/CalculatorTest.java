package org.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CalculatorTest {
    private final Calculator calculator = new Calculator();

    /** Copied from the first artifact, word for word. */
    @Test
    void testAdd() {
        int r = calculator.add(1, 2);
        assertEquals(3, r);
        assertEquals(5, calculator.add(2, 3), "two and three");
    }

    @Test
    void testSubtract() {
        assertEquals(1, calculator.subtract(3, 2));
    }
}
