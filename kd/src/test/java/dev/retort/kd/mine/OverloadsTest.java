package dev.retort.kd.mine;

import com.github.javaparser.StaticJavaParser;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.MethodCallExpr;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class OverloadsTest {
    static final List<MethodDeclaration> METHODS = StaticJavaParser.parse("""
            class A<E> {
                static double[] removeElement(double[] a, double e) { return a; }
                static float[] removeElement(float[] a, float e) { return a; }
                static <T> T[] removeElement(T[] a, Object e) { return a; }
                static float max(float... a) { return 0; }
                static double max(double... a) { return 0; }
                static int get(java.util.Date d, int f) { return 0; }
                static int get(java.util.Calendar c, int f) { return 0; }
                static String join(String s) { return s; }
                static String join(E e) { return ""; }
            }""").findAll(MethodDeclaration.class);

    static Optional<String> choose(String call, Map<String, String> vars) {
        MethodCallExpr c = StaticJavaParser.parseExpression(call).asMethodCallExpr();
        List<MethodDeclaration> candidates = METHODS.stream().filter(m -> m.getNameAsString().equals(c.getNameAsString())).toList();
        return Overloads.choose(candidates, c.getArguments(), List.of("E"), vars).map(m -> m.getDeclarationAsString(false, false, false));
    }

    @Test
    void picksTheMostSpecificOverloadTheSourceShows() {
        assertThat(choose("removeElement(null, (double) 1)", Map.of())).contains("double[] removeElement(double[], double)");
        assertThat(choose("removeElement(new float[] {1}, 1)", Map.of())).contains("float[] removeElement(float[], float)");
        assertThat(choose("removeElement(new String[] {\"a\"}, \"a\")", Map.of())).contains("T[] removeElement(T[], Object)");
        assertThat(choose("max(5.1f)", Map.of())).contains("float max(float...)");
        assertThat(choose("max(1.0, 2.0)", Map.of())).contains("double max(double...)");
        assertThat(choose("get(cal, 2)", Map.of("cal", "Calendar"))).contains("int get(java.util.Calendar, int)");
        assertThat(choose("join(\"x\")", Map.of())).contains("String join(String)");
    }

    @Test
    void unknownArgumentTypesLeaveOverloadsAmbiguous() {
        assertThat(choose("get(x, 2)", Map.of())).isEmpty();
        assertThat(choose("removeElement(arr, 1)", Map.of())).isEmpty();
    }
}
