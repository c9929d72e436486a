package dev.retort.text;
