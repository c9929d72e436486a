package org.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CounterTest {
    @Test
    void testIncrement() {
        Counter c = new Counter();
        assertEquals(1, c.increment());
        for (int i = 2; i < 4; i++) {
            assertEquals(i, c.increment());
        }
        try {
            assertEquals(4, c.increment());
            c.increment();
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage().isEmpty());
        }
        if (c.increment() > 5) assertTrue(true);
        List.of(1, 2).forEach(x -> {
            assertTrue(x > 0);
        });
        do { assertTrue(c.increment() > 6); } while (false);
        assertEquals(8, c.increment()); // last
    }
}
