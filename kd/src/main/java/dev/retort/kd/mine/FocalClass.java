package dev.retort.kd.mine;

import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.comments.Comment;
import com.github.javaparser.ast.stmt.BlockStmt;

import java.util.List;

/** A class of the main sources that tests may exercise: its methods and, lazily, its trimmed outline. */
final class FocalClass {
    final String packageName;
    final String qualifiedName;
    final TypeDeclaration<?> declaration;
    final SourceText source;
    private String outline;

    FocalClass(String packageName, String qualifiedName, TypeDeclaration<?> declaration, SourceText source) {
        this.packageName = packageName;
        this.qualifiedName = qualifiedName;
        this.declaration = declaration;
        this.source = source;
    }

    String simpleName() {
        return declaration.getNameAsString();
    }

    List<MethodDeclaration> methods(String name) {
        return declaration.getMethodsByName(name);
    }

    /** Type parameter names of the class (compatible with any reference argument). */
    List<String> typeParameters() {
        return declaration instanceof ClassOrInterfaceDeclaration c
                ? c.getTypeParameters().stream().map(tp -> tp.getNameAsString()).toList() : List.of();
    }

    /**
     * The class without comments and with every method and constructor body emptied — fields, signatures
     * and nested type names remain — cut at a line boundary to at most {@code maxChars}.
     */
    synchronized String outline(int maxChars) {
        if (outline == null) {
            TypeDeclaration<?> copy = declaration.clone();
            copy.getAllContainedComments().forEach(Comment::remove);
            copy.removeComment();
            copy.getMethods().forEach(m -> m.getBody().ifPresent(b -> m.setBody(new BlockStmt())));
            copy.getConstructors().forEach(c -> c.setBody(new BlockStmt()));
            copy.getMembers().removeIf(m -> m instanceof TypeDeclaration<?> || m instanceof com.github.javaparser.ast.body.InitializerDeclaration);
            outline = (packageName.isEmpty() ? "" : "package " + packageName + ";\n\n") + copy;
        }
        if (outline.length() <= maxChars) return outline;
        int cut = outline.lastIndexOf('\n', maxChars);
        return outline.substring(0, cut > 0 ? cut : maxChars);
    }
}
