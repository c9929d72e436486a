package dev.retort.score;
