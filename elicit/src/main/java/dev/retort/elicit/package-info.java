package dev.retort.elicit;
