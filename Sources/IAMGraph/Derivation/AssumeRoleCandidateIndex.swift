import IAMPolicy
import IAMStore

/// Which callers might hold an identity Allow for `sts:AssumeRole` on a
/// given role, found without comparing every caller with every role.
///
/// Each caller's Allow statements that cover `sts:AssumeRole` are reduced
/// once to resource patterns, filed by the account the pattern names:
/// exact role ARNs in a hash, patterns with a literal account under that
/// account, everything else (`*`, `arn:aws:iam::*:role/x-*`, `NotResource`,
/// policy variables, unknown managed policies) in a short list checked for
/// every role. The index only proposes candidates; the full evaluator
/// decides each one, so it may over-propose but must never miss one.
struct AssumeRoleCandidateIndex {
    private struct Entry {
        let principalID: Int64
        let pattern: WildcardPattern?  // nil: may allow any role
    }

    private var exact: [String: [Int64]] = [:]
    private var byAccount: [String: [Entry]] = [:]
    private var universal: [Entry] = []

    init(identity: IdentityPolicies) {
        for principalID in identity.principals.keys.sorted() {
            if !identity.unknownPolicies(of: principalID).isEmpty {
                universal.append(Entry(principalID: principalID, pattern: nil))
                continue
            }
            for attributed in identity.identity(of: principalID)
            where attributed.statement.effect == .allow && Self.coversAssumeRole(attributed) {
                file(attributed, principalID: principalID)
            }
        }
    }

    private static func coversAssumeRole(_ attributed: AttributedStatement) -> Bool {
        attributed.coversAction("sts:AssumeRole")
    }

    private mutating func file(_ attributed: AttributedStatement, principalID: Int64) {
        guard case .listed(let patterns) = attributed.statement.resources, !attributed.resourceHasVariables else {
            universal.append(Entry(principalID: principalID, pattern: nil))
            return
        }
        for text in patterns {
            let pattern = WildcardPattern(text)
            if !pattern.hasWildcard {
                exact[text, default: []].append(principalID)
            } else if let arn = ARN(text), !arn.account.contains("*"), !arn.account.contains("?"), !arn.account.isEmpty {
                byAccount[arn.account, default: []].append(Entry(principalID: principalID, pattern: pattern))
            } else {
                universal.append(Entry(principalID: principalID, pattern: pattern))
            }
        }
    }

    /// Callers whose identity policies may allow assuming `roleArn`.
    func candidates(forRole roleArn: String, account: String) -> Set<Int64> {
        var result = Set(exact[roleArn] ?? [])
        for entry in (byAccount[account] ?? []) + universal where entry.pattern?.matches(roleArn) ?? true {
            result.insert(entry.principalID)
        }
        return result
    }
}
