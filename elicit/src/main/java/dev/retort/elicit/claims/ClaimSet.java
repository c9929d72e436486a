package dev.retort.elicit.claims;

import dev.retort.core.BadInputException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Claims in file order, with uid lookup and the logical rule the data set declares for its groups.
 *
 * @param exactlyOne true when every consistency group has exactly one true claim per key pair (comparisons,
 *                   dilemmas, the synthetic pairs): then different keys also mean "not both false"
 */
public record ClaimSet(List<Claim> claims, boolean exactlyOne) {
    public ClaimSet {
        claims = List.copyOf(claims);
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < claims.size(); i++) {
            Integer prev = seen.putIfAbsent(claims.get(i).uid(), i);
            if (prev != null) throw new BadInputException("claim uid '" + claims.get(i).uid() + "' appears twice (claims "
                    + (prev + 1) + " and " + (i + 1) + "); uids must be unique");
        }
    }

    public int size() {
        return claims.size();
    }

    public Claim get(int i) {
        return claims.get(i);
    }

    /** uid → position. */
    public Map<String, Integer> index() {
        Map<String, Integer> index = new HashMap<>(claims.size() * 2);
        for (int i = 0; i < claims.size(); i++) index.put(claims.get(i).uid(), i);
        return index;
    }

    /** Positions of the claims of each consistency group, groups in first-seen order; claims without a group are left out. */
    public List<int[]> groups() {
        Map<String, List<Integer>> byId = new LinkedHashMap<>();
        for (int i = 0; i < claims.size(); i++) {
            String id = claims.get(i).consistencyId();
            if (id != null) byId.computeIfAbsent(id, k -> new ArrayList<>()).add(i);
        }
        List<int[]> out = new ArrayList<>(byId.size());
        for (List<Integer> g : byId.values()) out.add(g.stream().mapToInt(Integer::intValue).toArray());
        return out;
    }

    public long labelled() {
        return claims.stream().filter(Claim::hasLabel).count();
    }

    /** Gold labels as 1/0, −1 where unknown. */
    public int[] goldLabels() {
        int[] y = new int[claims.size()];
        for (int i = 0; i < y.length; i++) {
            Boolean l = claims.get(i).label();
            y[i] = l == null ? -1 : l ? 1 : 0;
        }
        return y;
    }
}
