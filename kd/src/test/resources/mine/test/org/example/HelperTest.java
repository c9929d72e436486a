package org.example;

import org.junit.Test;
import org.junit.Assert;

public class HelperTest {
    @Test
    public void testHelp() {
        Assert.assertTrue(Calculator.isEmpty(null));
    }
}
