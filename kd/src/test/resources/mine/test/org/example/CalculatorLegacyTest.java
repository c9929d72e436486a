package org.example;

import junit.framework.TestCase;

public class CalculatorLegacyTest extends TestCase {
    public void testDivide() {
		Calculator c = new Calculator();
		int q = c.divide(6, 3);
		assertEquals("six by three", 2, q);
    }

    public void helper() {
        assertTrue(true);
    }
}
