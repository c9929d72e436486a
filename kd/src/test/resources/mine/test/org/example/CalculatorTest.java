package org.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.CoreMatchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CalculatorTest {
    private final Calculator calculator = new Calculator();

    /** Adds two ints. */
    @Test
    void testAdd() {
        int r = calculator.add(1, 2);
        assertEquals(3, r);
        assertEquals(5, calculator.add(2, 3), "two and three");
    }

    @Test
    void testDivideByZero() {
        assertThrows(ArithmeticException.class, () -> calculator.divide(1, 0));
    }

    @Test
    void checksEmptiness() {
        boolean empty = Calculator.isEmpty("");
        assertThat(empty).isTrue();
        org.hamcrest.MatcherAssert.assertThat(Calculator.isEmpty("x"), // not empty
                is(false));
    }

    @Test
    void testNothingChecked() {
        calculator.add(1, 1);
    }

    @Test
    void testOtherClass() {
        assertEquals(2, Math.max(1, 2));
    }

    @Test
    void testAddUnknownTypes() {
        assertEquals(3, calculator.add(one(), two()));
    }

    private static int one() {
        return 1;
    }

    private static int two() {
        return 2;
    }
}
