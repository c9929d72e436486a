package dev.retort.kd;
