package org.example;

/** Shaped like commons-csv's CSVFormat: immutable, a DEFAULT constant, withX copies and getX getters. */
public final class CSVFormat {
    public static final CSVFormat DEFAULT = new CSVFormat(QuoteMode.MINIMAL, "\r\n");

    private final QuoteMode quoteMode;
    private final String recordSeparator;

    private CSVFormat(QuoteMode quoteMode, String recordSeparator) {
        this.quoteMode = quoteMode;
        this.recordSeparator = recordSeparator;
    }

    public QuoteMode getQuoteMode() {
        return quoteMode;
    }

    public CSVFormat withQuoteMode(QuoteMode quoteMode) {
        return new CSVFormat(quoteMode, recordSeparator);
    }

    public String getRecordSeparator() {
        return recordSeparator;
    }

    public CSVFormat withRecordSeparator(String recordSeparator) {
        return new CSVFormat(quoteMode, recordSeparator);
    }
}
