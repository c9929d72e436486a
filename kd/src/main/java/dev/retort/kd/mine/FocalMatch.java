package dev.retort.kd.mine;

import com.github.javaparser.ast.body.MethodDeclaration;

/** What the focal-method search found for one test method. */
sealed interface FocalMatch {
    /** @param strategy "name" (test method named after it) or "last_call" (last call before the first assertion) */
    record Found(FocalClass focalClass, MethodDeclaration method, String strategy) implements FocalMatch {
    }

    /** @param reason no_focal_class, no_focal_method, ambiguous_overload */
    record NotFound(String reason) implements FocalMatch {
    }
}
