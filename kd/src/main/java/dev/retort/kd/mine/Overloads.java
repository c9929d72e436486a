package dev.retort.kd.mine;

import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.expr.ArrayCreationExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.CharLiteralExpr;
import com.github.javaparser.ast.expr.DoubleLiteralExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.LongLiteralExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.NullLiteralExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.TextBlockLiteralExpr;
import com.github.javaparser.ast.type.Type;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Picks the overload a call binds to, like Java's most-specific rule but from what the source shows: each
 * argument whose type is visible (literal, cast, array or object creation, declared variable) costs 0 for
 * the same type, 1 for primitive widening or a supertype of String, 2 for boxing or an unrelated-looking
 * reference type (subtyping is not visible), 3 for Object or a type parameter; a varargs expansion adds 10.
 * The unique cheapest applicable overload wins; a tie is no answer.
 */
final class Overloads {
    private static final List<String> NUMERIC = List.of("byte", "short", "int", "long", "float", "double");
    private static final Set<String> PRIMITIVES = Set.of("byte", "short", "int", "long", "float", "double", "char", "boolean");
    private static final Map<String, String> BOXES = Map.of("int", "Integer", "char", "Character", "boolean", "Boolean", "long", "Long",
            "double", "Double", "float", "Float", "short", "Short", "byte", "Byte");
    private static final Set<String> STRING_SUPERTYPES = Set.of("CharSequence", "Comparable", "Serializable", "Constable");
    static final int NOT_APPLICABLE = -1;

    private Overloads() {
    }

    static Optional<MethodDeclaration> choose(List<MethodDeclaration> candidates, List<Expression> args, List<String> classTypeParameters,
                                              Map<String, String> variableTypes) {
        List<String> argTypes = args.stream().map(a -> typeOf(a, variableTypes)).toList();
        int best = Integer.MAX_VALUE;
        List<MethodDeclaration> winners = new ArrayList<>();
        for (MethodDeclaration m : candidates) {
            List<String> generic = new ArrayList<>(classTypeParameters);
            m.getTypeParameters().forEach(tp -> generic.add(tp.getNameAsString()));
            int cost = cost(m.getParameters(), argTypes, generic);
            if (cost == NOT_APPLICABLE) continue;
            if (cost < best) {
                best = cost;
                winners.clear();
            }
            if (cost == best) winners.add(m);
        }
        return winners.size() == 1 ? Optional.of(winners.getFirst()) : Optional.empty();
    }

    /** Whether any candidate is applicable at all (to tell "no such method" from "ambiguous"). */
    static boolean anyApplicable(List<MethodDeclaration> candidates, List<Expression> args, List<String> classTypeParameters, Map<String, String> variableTypes) {
        List<String> argTypes = args.stream().map(a -> typeOf(a, variableTypes)).toList();
        return candidates.stream().anyMatch(m -> {
            List<String> generic = new ArrayList<>(classTypeParameters);
            m.getTypeParameters().forEach(tp -> generic.add(tp.getNameAsString()));
            return cost(m.getParameters(), argTypes, generic) != NOT_APPLICABLE;
        });
    }

    private static int cost(List<Parameter> params, List<String> args, List<String> generic) {
        boolean varargs = !params.isEmpty() && params.getLast().isVarArgs();
        if (args.size() == params.size()) {
            int fixed = 0;
            for (int i = 0; i < args.size(); i++) {
                String p = typeName(params.get(i).getType()) + (params.get(i).isVarArgs() ? "[]" : "");
                int c = cost(p, args.get(i), generic);
                if (c == NOT_APPLICABLE) {
                    fixed = NOT_APPLICABLE;
                    break;
                }
                fixed += c;
            }
            if (fixed != NOT_APPLICABLE) return fixed;
        }
        if (!varargs || args.size() < params.size() - 1) return NOT_APPLICABLE;
        int total = 10;
        for (int i = 0; i < args.size(); i++) {
            String p = typeName(params.get(Math.min(i, params.size() - 1)).getType());
            int c = cost(p, args.get(i), generic);
            if (c == NOT_APPLICABLE) return NOT_APPLICABLE;
            total += c;
        }
        return total;
    }

    /** Cost of passing a value of {@code arg} (null: unknown, "null": the null literal) as {@code param}. */
    static int cost(String param, String arg, List<String> generic) {
        if (arg == null) return 0;
        boolean paramPrimitive = PRIMITIVES.contains(param);
        if (arg.equals("null")) return paramPrimitive ? NOT_APPLICABLE : 1;
        if (param.equals(arg)) return 0;
        String paramBase = param.replace("[]", ""), argBase = arg.replace("[]", "");
        int paramDims = (param.length() - paramBase.length()) / 2, argDims = (arg.length() - argBase.length()) / 2;
        boolean argPrimitive = PRIMITIVES.contains(arg);
        if (param.equals("Object") || generic.contains(param)) return 3;
        if (paramDims > 0 || argDims > 0) {
            if (paramDims != argDims) return NOT_APPLICABLE;
            boolean primitiveElements = PRIMITIVES.contains(paramBase) || PRIMITIVES.contains(argBase);
            if (primitiveElements) return NOT_APPLICABLE;   // equal arrays returned above
            return paramBase.equals("Object") || generic.contains(paramBase) ? 3 : 2;
        }
        if (paramPrimitive && argPrimitive) return widens(arg, param) ? 1 : NOT_APPLICABLE;
        if (argPrimitive) return BOXES.get(arg).equals(param) || param.equals("Number") && !arg.equals("boolean") && !arg.equals("char")
                || param.equals("Comparable") || param.equals("Serializable") ? 2 : NOT_APPLICABLE;
        if (paramPrimitive) return param.equals(BOXES.entrySet().stream().filter(e -> e.getValue().equals(arg)).map(Map.Entry::getKey).findFirst().orElse(""))
                ? 2 : NOT_APPLICABLE;
        if (arg.equals("String")) return STRING_SUPERTYPES.contains(param) ? 1 : NOT_APPLICABLE;
        return 2;
    }

    private static boolean widens(String from, String to) {
        if (from.equals("boolean") || to.equals("boolean") || to.equals("char")) return false;
        if (from.equals("char")) return NUMERIC.indexOf(to) >= NUMERIC.indexOf("int");
        return NUMERIC.indexOf(from) <= NUMERIC.indexOf(to) && !(from.equals("byte") && to.equals("char"));
    }

    /** The argument's type where the source shows it; "null" for the null literal; null when unknown. */
    static String typeOf(Expression arg, Map<String, String> variableTypes) {
        return switch (arg) {
            case NullLiteralExpr n -> "null";
            case StringLiteralExpr s -> "String";
            case TextBlockLiteralExpr s -> "String";
            case CharLiteralExpr c -> "char";
            case IntegerLiteralExpr i -> "int";
            case LongLiteralExpr l -> "long";
            case DoubleLiteralExpr d -> d.getValue().endsWith("f") || d.getValue().endsWith("F") ? "float" : "double";
            case BooleanLiteralExpr b -> "boolean";
            case CastExpr c -> typeName(c.getType());
            case ArrayCreationExpr a -> typeName(a.getElementType()) + "[]".repeat(a.getLevels().size());
            case ObjectCreationExpr o -> o.getType().getNameAsString();
            case NameExpr n -> {
                String t = variableTypes.get(n.getNameAsString());
                yield t == null || t.equals("var") ? null : t;
            }
            default -> null;
        };
    }

    /** Simple name with array brackets, generics dropped: {@code java.util.List<String>[]} → {@code List[]}. */
    static String typeName(Type t) {
        if (t.isArrayType()) return typeName(t.asArrayType().getComponentType()) + "[]";
        if (t.isClassOrInterfaceType()) return t.asClassOrInterfaceType().getNameAsString();
        return t.asString();
    }
}
