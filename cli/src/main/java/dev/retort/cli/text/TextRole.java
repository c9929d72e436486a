package dev.retort.cli.text;

/** {@code --as query|passage}: search queries get the model's query prefix, stored passages none. */
enum TextRole { QUERY, PASSAGE }
