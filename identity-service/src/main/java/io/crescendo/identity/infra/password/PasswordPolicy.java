package io.crescendo.identity.infra.password;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import me.gosimple.nbvcxz.resources.ConfigurationBuilder;
import me.gosimple.nbvcxz.resources.Dictionary;
import org.springframework.stereotype.Component;

/**
 * What a new password must satisfy: 8 to 128 characters, not only digits, and not one of the common
 * passwords of nbvcxz's maintained list (the zxcvbn data, about 100 000 entries).
 */
@Component
public class PasswordPolicy {

  public static final int MIN_LENGTH = 8;
  public static final int MAX_LENGTH = 128;

  private final Set<String> commonPasswords;

  public PasswordPolicy() {
    this.commonPasswords =
        ConfigurationBuilder.getDefaultDictionaries().stream()
            .filter(dictionary -> dictionary.getDictionaryName().equals("passwords"))
            .map(Dictionary::getDictonary)
            .flatMap(words -> words.keySet().stream())
            .map(word -> word.toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
    if (commonPasswords.size() < 10_000) {
      throw new IllegalStateException("common password list missing from the classpath");
    }
  }

  /** Every rule the password breaks; empty when it is acceptable. */
  public List<String> problems(String password) {
    List<String> problems = new ArrayList<>();
    int length = password.codePointCount(0, password.length());
    if (length < MIN_LENGTH) {
      problems.add("This password is too short. It must contain at least 8 characters.");
    }
    if (length > MAX_LENGTH) {
      problems.add("This password is too long. It must contain at most 128 characters.");
    }
    if (password.chars().allMatch(Character::isDigit)) {
      problems.add("This password is entirely numeric.");
    }
    if (commonPasswords.contains(password.toLowerCase(Locale.ROOT))) {
      problems.add("This password is too common.");
    }
    return problems;
  }

  int commonPasswordCount() {
    return commonPasswords.size();
  }
}
