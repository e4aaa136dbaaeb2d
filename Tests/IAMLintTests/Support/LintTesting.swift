import Foundation
import IAMPolicy
import Testing

@testable import IAMLint

/// Lints policy texts without a database, the way each rule test needs:
/// one document, the kind and owner it would have in the store, and a
/// context that defaults to "account 111111111111 is the only one imported".
enum LintTesting {
    static let account = "111111111111"
    static let roleARN = "arn:aws:iam::111111111111:role/Target"

    static let defaultContext = LintContext(knownAccounts: KnownAccounts(imported: [account]))

    static func policy(
        _ json: String,
        kind: LintedPolicy.Kind = .trust,
        principal: String = roleARN,
        name: String? = nil
    ) throws -> LintedPolicy {
        let defaultName: String
        switch kind {
        case .trust: defaultName = "trust policy"
        case .bucket: defaultName = "bucket policy"
        default: defaultName = "TestPolicy"
        }
        return LintedPolicy(
            kind: kind,
            account: account,
            principal: principal,
            principalKind: kind == .bucket ? nil : "role",
            name: name ?? defaultName,
            document: try PolicyDocument.parse(json: json)
        )
    }

    /// Findings of one rule for one document.
    static func findings(
        _ rule: some LintRule,
        _ json: String,
        kind: LintedPolicy.Kind = .trust,
        principal: String = roleARN,
        context: LintContext = defaultContext
    ) throws -> [LintFinding] {
        rule.findings(in: try policy(json, kind: kind, principal: principal), context: context)
    }

    /// Rule ids every rule reports for one document, to check that a
    /// document trips exactly the intended rule.
    static func ruleIDs(_ json: String, kind: LintedPolicy.Kind = .trust, context: LintContext = defaultContext) throws
        -> [String]
    {
        Linter(context: context).lint([try policy(json, kind: kind)]).map(\.ruleID)
    }

    /// A trust document with one statement.
    static func trust(
        principal: String,
        action: String = "sts:AssumeRole",
        condition: String? = nil,
        effect: String = "Allow"
    ) -> String {
        let conditionPart = condition.map { #", "Condition": \#($0)"# } ?? ""
        return #"""
            {"Version": "2012-10-17", "Statement": [{"Effect": "\#(effect)", "Principal": \#(principal), "Action": \#(quotedList(action))\#(conditionPart)}]}
            """#
    }

    /// An identity document with one statement.
    static func identity(
        action: String,
        resource: String = "*",
        condition: String? = nil,
        effect: String = "Allow",
        version: String? = "2012-10-17"
    ) -> String {
        let conditionPart = condition.map { #", "Condition": \#($0)"# } ?? ""
        let versionPart = version.map { #""Version": "\#($0)", "# } ?? ""
        return #"""
            {\#(versionPart)"Statement": [{"Effect": "\#(effect)", "Action": \#(quotedList(action)), "Resource": \#(quotedList(resource))\#(conditionPart)}]}
            """#
    }

    /// `"a"` for one value, `["a", "b"]` for a comma-separated list.
    private static func quotedList(_ text: String) -> String {
        let items = text.split(separator: ",").map { "\"\($0.trimmingCharacters(in: .whitespaces))\"" }
        return items.count == 1 ? items[0] : "[" + items.joined(separator: ", ") + "]"
    }
}
