import IAMPolicy
import IAMStore

/// Which callers might hold an identity Allow for `sts:AssumeRole` on a
/// given role, found without comparing every caller with every role.
///
/// Each caller's Allow statements that cover `sts:AssumeRole` are reduced
/// once to resource patterns and filed under the caller's account: exact
/// role ARNs in a hash, patterns naming a literal account under that
/// account, everything else (`*`, `arn:aws:iam::*:role/x-*`, `NotResource`,
/// policy variables, unknown managed policies) in a short list checked for
/// every role. A trust naming an account looks only at that account's
/// callers; a trust of `*` at every account's. The index only proposes
/// candidates — the full evaluator decides each — so it may over-propose
/// but must never miss one.
struct AssumeRoleCandidateIndex {
    private struct Entry {
        let principalID: Int64
        let pattern: WildcardPattern?  // nil: may allow any role
    }

    /// The callers of one account, filed by what their Allows name.
    private struct AccountCallers {
        var exact: [String: [Int64]] = [:]
        var byTargetAccount: [String: [Entry]] = [:]
        var universal: [Entry] = []

        func candidates(forRole roleArn: String, account: String, into result: inout Set<Int64>) {
            if let ids = exact[roleArn] { result.formUnion(ids) }
            if let entries = byTargetAccount[account] {
                for entry in entries where entry.pattern?.matches(roleArn) ?? true { result.insert(entry.principalID) }
            }
            for entry in universal where entry.pattern?.matches(roleArn) ?? true { result.insert(entry.principalID) }
        }
    }

    private var accounts: [String: AccountCallers] = [:]

    init(identity: IdentityPolicies) {
        for principalID in identity.principals.keys.sorted() {
            guard let account = identity.principals[principalID]?.accountId else { continue }
            var callers = accounts[account] ?? AccountCallers()
            if !identity.unknownPolicies(of: principalID).isEmpty {
                callers.universal.append(Entry(principalID: principalID, pattern: nil))
            } else {
                for attributed in identity.identity(of: principalID)
                where attributed.statement.effect == .allow && attributed.coversAction("sts:AssumeRole") {
                    Self.file(attributed, principalID: principalID, into: &callers)
                }
            }
            accounts[account] = callers
        }
    }

    private static func file(_ attributed: AttributedStatement, principalID: Int64, into callers: inout AccountCallers)
    {
        guard case .listed(let patterns) = attributed.statement.resources, !attributed.resourceHasVariables else {
            callers.universal.append(Entry(principalID: principalID, pattern: nil))
            return
        }
        for text in patterns {
            let pattern = WildcardPattern(text)
            if !pattern.hasWildcard {
                callers.exact[text, default: []].append(principalID)
            } else if let arn = ARN(text), !arn.account.isEmpty, !arn.account.contains("*"), !arn.account.contains("?")
            {
                callers.byTargetAccount[arn.account, default: []].append(
                    Entry(principalID: principalID, pattern: pattern)
                )
            } else {
                callers.universal.append(Entry(principalID: principalID, pattern: pattern))
            }
        }
    }

    /// Callers of `callerAccount` (or of every account, when `nil`) whose
    /// identity policies may allow assuming `roleArn` in `roleAccount`.
    func candidates(forRole roleArn: String, roleAccount: String, callerAccount: String?) -> Set<Int64> {
        var result = Set<Int64>()
        if let callerAccount {
            accounts[callerAccount]?.candidates(forRole: roleArn, account: roleAccount, into: &result)
        } else {
            for callers in accounts.values {
                callers.candidates(forRole: roleArn, account: roleAccount, into: &result)
            }
        }
        return result
    }
}
