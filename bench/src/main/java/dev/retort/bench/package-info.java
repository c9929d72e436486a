package dev.retort.bench;
