package dev.retort.kd.mine;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.type.Type;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the method a test exercises, in the class under test:
 * <ol>
 *   <li>by name: the test method's name without a leading {@code test} starts with a method name of the
 *       class (longest wins, case-insensitive: {@code testIsEmpty_Null} → {@code isEmpty}) and the test calls it;</li>
 *   <li>else the call on the class under test (as below) whose name shares the most leading camel-case words with
 *       the test name, at least two ({@code testWithQuotePolicy} → {@code withQuoteMode}, not the getter the
 *       assertion calls);</li>
 *   <li>else the last call, before the first assertion, on the class under test — a static call
 *       {@code Foo.m()}, or a call on a {@code new Foo()} or on a variable, parameter or field declared
 *       as {@code Foo}; with none before it, the first such call inside the first assertion.</li>
 * </ol>
 * Overloads are told apart by {@link Overloads}; when more than one fits equally well, the test is unmatched
 * ({@code ambiguous_overload}), not guessed.
 */
final class FocalMatcher {
    private FocalMatcher() {
    }

    static FocalMatch match(FocalClass focal, TypeDeclaration<?> testClass, MethodDeclaration test, ExpressionStmt firstAssertion) {
        Map<String, String> variableTypes = variableTypes(testClass, test);
        List<MethodCallExpr> calls = test.getBody().map(b -> b.findAll(MethodCallExpr.class)).orElse(List.of());
        calls.sort(Comparator.comparing((MethodCallExpr c) -> c.getBegin().orElseThrow()));

        Optional<String> byName = methodNamedByTest(focal, test.getNameAsString());
        if (byName.isPresent()) {
            Optional<MethodCallExpr> call = calls.stream().filter(c -> c.getNameAsString().equals(byName.get())).findFirst();
            FocalMatch named = call.map(c -> resolve(focal, c, variableTypes, "name")).orElse(null);
            if (named instanceof FocalMatch.Found || named instanceof FocalMatch.NotFound(String reason) && reason.equals("ambiguous_overload"))
                return named;
        }
        List<MethodCallExpr> onFocal = calls.stream()
                .filter(c -> !focal.methods(c.getNameAsString()).isEmpty() && isOnFocalClass(c, focal, variableTypes)).toList();
        Optional<MethodCallExpr> byWords = callSharingLeadingWords(onFocal, test.getNameAsString());
        if (byWords.isPresent()) {
            FocalMatch partial = resolve(focal, byWords.get(), variableTypes, "partial_name");
            if (partial instanceof FocalMatch.Found || partial instanceof FocalMatch.NotFound(String reason) && reason.equals("ambiguous_overload"))
                return partial;
        }
        var assertionBegin = firstAssertion.getBegin().orElseThrow();
        Optional<MethodCallExpr> last = onFocal.stream().filter(c -> c.getBegin().orElseThrow().isBefore(assertionBegin)).reduce((a, b) -> b);
        Optional<MethodCallExpr> chosen = last.or(() -> onFocal.stream().filter(c -> isInside(c, firstAssertion)).findFirst());
        return chosen.map(c -> resolve(focal, c, variableTypes, "last_call")).orElse(new FocalMatch.NotFound("no_focal_method"));
    }

    /** {@code testIsEmpty_Null} → the longest method name of the class that starts {@code isEmpty_Null}. */
    static Optional<String> methodNamedByTest(FocalClass focal, String testName) {
        String s = testName.regionMatches(true, 0, "test", 0, 4) ? testName.substring(4) : testName;
        while (s.startsWith("_")) s = s.substring(1);
        String lower = s.toLowerCase(java.util.Locale.ROOT);
        if (lower.isEmpty()) return Optional.empty();
        return focal.declaration.getMethods().stream().map(MethodDeclaration::getNameAsString).distinct()
                .filter(n -> lower.startsWith(n.toLowerCase(java.util.Locale.ROOT)))
                .max(Comparator.comparingInt(String::length));
    }

    /**
     * When no method is named by the whole test name: the call on the class under test whose name shares the most
     * leading camel-case words with the test name, at least two ({@code testWithQuotePolicy} → {@code withQuoteMode},
     * not the getter {@code getQuoteMode} the assertion calls); none when two differently named calls tie.
     */
    static Optional<MethodCallExpr> callSharingLeadingWords(List<MethodCallExpr> onFocal, String testName) {
        List<String> testWords = words(testName.regionMatches(true, 0, "test", 0, 4) ? testName.substring(4) : testName);
        int best = 1;
        MethodCallExpr chosen = null;
        boolean tie = false;
        for (MethodCallExpr c : onFocal) {
            List<String> callWords = words(c.getNameAsString());
            int shared = 0;
            while (shared < Math.min(testWords.size(), callWords.size()) && testWords.get(shared).equals(callWords.get(shared))) shared++;
            if (shared > best) {
                best = shared;
                chosen = c;
                tie = false;
            } else if (shared == best && chosen != null && !chosen.getNameAsString().equals(c.getNameAsString())) {
                tie = true;
            }
        }
        return tie ? Optional.empty() : Optional.ofNullable(chosen);
    }

    /** Lower-cased camel-case words, underscores and digits as separators: {@code _withQuoteMode2} → [with, quote, mode]. */
    static List<String> words(String name) {
        List<String> out = new java.util.ArrayList<>();
        for (String w : name.split("[_0-9]+|(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])"))
            if (!w.isEmpty()) out.add(w.toLowerCase(java.util.Locale.ROOT));
        return out;
    }

    private static boolean isInside(Node node, Node container) {
        for (Optional<Node> p = node.getParentNode(); p.isPresent(); p = p.get().getParentNode()) if (p.get() == container) return true;
        return false;
    }

    private static boolean isOnFocalClass(MethodCallExpr call, FocalClass focal, Map<String, String> variableTypes) {
        if (call.getScope().isEmpty()) return false;
        Expression scope = call.getScope().get();
        if (scope instanceof NameExpr n) {
            String name = n.getNameAsString();
            return name.equals(focal.simpleName()) || focal.simpleName().equals(variableTypes.get(name));
        }
        if (scope instanceof ObjectCreationExpr o) return o.getType().getNameAsString().equals(focal.simpleName());
        if (!scope.isFieldAccessExpr()) return false;
        var field = scope.asFieldAccessExpr();
        return field.getNameAsString().equals(focal.simpleName()) || isConstantOfFocalType(field, focal);
    }

    /** {@code Foo.DEFAULT} where {@code DEFAULT} is a field of {@code Foo} declared as {@code Foo} (commons-csv's {@code CSVFormat.DEFAULT}). */
    private static boolean isConstantOfFocalType(com.github.javaparser.ast.expr.FieldAccessExpr field, FocalClass focal) {
        if (!(field.getScope() instanceof NameExpr owner) || !owner.getNameAsString().equals(focal.simpleName())) return false;
        return focal.declaration.getFieldByName(field.getNameAsString())
                .map(f -> f.getVariables().stream().anyMatch(v -> v.getNameAsString().equals(field.getNameAsString())
                        && simpleType(v.getType()).equals(focal.simpleName())))
                .orElse(false);
    }

    /** Declared simple types (generics dropped) of the test's locals and parameters, and the test class's fields. */
    private static Map<String, String> variableTypes(TypeDeclaration<?> testClass, MethodDeclaration test) {
        Map<String, String> types = new HashMap<>();
        for (FieldDeclaration f : testClass.getFields()) for (VariableDeclarator v : f.getVariables()) types.put(v.getNameAsString(), simpleType(v.getType()));
        for (Parameter p : test.getParameters()) types.put(p.getNameAsString(), simpleType(p.getType()));
        test.findAll(VariableDeclarator.class).forEach(v -> {
            String type = v.getType().isVarType()
                    ? v.getInitializer().filter(Expression::isObjectCreationExpr).map(i -> i.asObjectCreationExpr().getType().getNameAsString()).orElse("var")
                    : simpleType(v.getType());
            types.put(v.getNameAsString(), type);
        });
        return types;
    }

    private static String simpleType(Type t) {
        return Overloads.typeName(t);
    }

    private static FocalMatch resolve(FocalClass focal, MethodCallExpr call, Map<String, String> variableTypes, String strategy) {
        List<MethodDeclaration> candidates = focal.methods(call.getNameAsString());
        return Overloads.choose(candidates, call.getArguments(), focal.typeParameters(), variableTypes)
                .<FocalMatch>map(m -> new FocalMatch.Found(focal, m, strategy))
                .orElseGet(() -> new FocalMatch.NotFound(Overloads.anyApplicable(candidates, call.getArguments(), focal.typeParameters(), variableTypes)
                        ? "ambiguous_overload" : "no_focal_method"));
    }
}
