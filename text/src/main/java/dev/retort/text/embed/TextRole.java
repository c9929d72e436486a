package dev.retort.text.embed;

/** {@code --as query|passage}: search queries get the model's query prefix, stored passages none. */
public enum TextRole { QUERY, PASSAGE }
