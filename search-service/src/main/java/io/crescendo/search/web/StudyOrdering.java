package io.crescendo.search.web;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code ordering} of the study list (API-v1 §5.3.1, §7 #3): {@code created_at}, {@code
 * deadline} (bare name ascending, {@code -} descending), comma-separated; unknown terms dropped,
 * none valid → {@code -created_at}; {@code random} anywhere (or {@code random=true}) → a random
 * sample. The study id breaks ties so that pages never overlap or skip.
 */
record StudyOrdering(boolean random, List<Term> terms) {

  record Term(String column, boolean descending) {
    String signature() {
      return (descending ? "-" : "") + column;
    }
  }

  static StudyOrdering parse(String ordering, String randomFlag) {
    boolean random = randomFlag != null && randomFlag.strip().equalsIgnoreCase("true");
    List<Term> terms = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    if (ordering != null) {
      for (String raw : ordering.split(",")) {
        String term = raw.strip();
        if (term.equals("random")) {
          random = true;
          continue;
        }
        boolean descending = term.startsWith("-");
        String column = descending ? term.substring(1) : term;
        if ((column.equals("created_at") || column.equals("deadline")) && seen.add(column)) {
          terms.add(new Term(column, descending));
        }
      }
    }
    if (terms.isEmpty()) {
      terms.add(new Term("created_at", true));
    }
    terms.add(new Term("study_id", false));
    return new StudyOrdering(random, List.copyOf(terms));
  }

  /** Identifies the key a cursor was made for. */
  String signature() {
    return String.join(",", terms.stream().map(Term::signature).toList());
  }

  /** {@code order by} of the page, reversed when reading backwards. */
  String orderBy(boolean reversed) {
    return String.join(
        ", ",
        terms.stream()
            .map(t -> "s." + t.column() + (t.descending() != reversed ? " desc" : " asc"))
            .toList());
  }

  /**
   * Rows strictly after (or, reversed, before) the key bound as {@code :k0}, {@code :k1}, …: an
   * expanded row comparison, since the directions may differ per column.
   */
  String keyCondition(boolean reversed) {
    List<String> alternatives = new ArrayList<>();
    for (int i = 0; i < terms.size(); i++) {
      StringBuilder alternative = new StringBuilder("(");
      for (int j = 0; j < i; j++) {
        alternative.append("s.").append(terms.get(j).column()).append(" = :k").append(j);
        alternative.append(" and ");
      }
      Term term = terms.get(i);
      alternative
          .append("s.")
          .append(term.column())
          .append(term.descending() != reversed ? " < :k" : " > :k")
          .append(i)
          .append(")");
      alternatives.add(alternative.toString());
    }
    return "(" + String.join(" or ", alternatives) + ")";
  }
}
