package dev.retort.route;
