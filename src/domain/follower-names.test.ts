import { describe, expect, it } from "vitest";
import { generatedNameRules, handleLocalPart, isDeletedAccount } from "./follower-names.js";

describe("generated and default names", () => {
  it.each([
    ["id12345678", "Марина", ["network_default", "digit_run"]],
    ["user123456", "Kristina", ["network_default", "digit_run"]],
    ["123456.bsky.social", "", ["network_default", "digit_run"]],
    ["98765.test", "", ["network_default", "digit_run"]],
    ["anna84019375", "Анна", ["digit_run"]],
    ["k3j9x2", "Alex", ["letters_digits"]],
    ["xqzwvbt", "Alex", ["consonant_run"]],
    ["promo.shop", "Пользователь", ["network_default"]],
    ["marina.k", "Мaрина", ["mixed_scripts"]],
    ["vika.sun", "Вздрткнл", ["consonant_run", "few_vowels"]],
    ["qwrtzplkdb", "", ["consonant_run", "few_vowels"]],
  ])("%s / %s → %j", (handle, name, rules) => {
    expect(generatedNameRules(handle, name).sort()).toEqual([...rules].sort());
  });

  it.each([
    ["anna.smirnova", "Анна Смирнова"],
    ["anna1987", "Anna"],
    ["anna.smirnova123", "Анна Смирнова"],
    ["olena_kovalenko.bsky.social", "Олена Коваленко"],
    ["schwarzschild", "Karl Schwarzschild"],
    ["shchukin.pavel", "Павел Щукин"],
    ["dmitry.vzglyad", "Дмитрий Здравствуйте"],
  ])("leaves chosen names alone: %s / %s", (handle, name) => {
    expect(generatedNameRules(handle, name)).toEqual([]);
  });

  it("reads the part of a handle a person chose", () => {
    expect(handleLocalPart("@Anna.bsky.social")).toBe("anna");
    expect(handleLocalPart("alice@mastodon.social")).toBe("alice");
    expect(handleLocalPart("alice.example.com")).toBe("alice.example.com");
  });

  it("knows deleted accounts", () => {
    expect(isDeletedAccount({ name: "DELETED" })).toBe(true);
    expect(isDeletedAccount({ name: "Deleted Account" })).toBe(true);
    expect(isDeletedAccount({ name: "Удалённый аккаунт" })).toBe(true);
    expect(isDeletedAccount({ name: "Delete Me Not" })).toBe(false);
  });
});
