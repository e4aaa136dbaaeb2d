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
/// every role. Statements of a policy many callers share (see
/// ``AssumerClasses``) are filed once per account for all its holders. A
/// trust naming an account looks only at that account's callers; a trust of
/// `*` at every account's. The index only proposes candidates — the full
/// evaluator decides each — so it may over-propose but must never miss one.
struct AssumeRoleCandidateIndex {
    /// Who a filed statement belongs to.
    enum Owner: Hashable {
        case principal(Int64)
        /// Every holder of a share (``AssumerClasses/Share``) in the account.
        case share(Int)
    }

    /// A share proposed for a role, with the account whose holders it stands for.
    struct ShareCandidate: Hashable {
        var share: Int
        var account: String
    }

    struct Candidates {
        var principals: Set<Int64> = []
        var shares: Set<ShareCandidate> = []
    }

    private struct Entry {
        let owner: Owner
        let pattern: WildcardPattern?  // nil: may allow any role
    }

    /// The callers of one account, filed by what their Allows name.
    private struct AccountCallers {
        var exact: [String: [Owner]] = [:]
        var byTargetAccount: [String: [Entry]] = [:]
        var universal: [Entry] = []

        func candidates(forRole roleArn: String, roleAccount: String, account: String, into result: inout Candidates) {
            func add(_ owner: Owner) {
                switch owner {
                case .principal(let id): result.principals.insert(id)
                case .share(let share): result.shares.insert(ShareCandidate(share: share, account: account))
                }
            }
            for owner in exact[roleArn] ?? [] { add(owner) }
            for entry in byTargetAccount[roleAccount] ?? [] where entry.pattern?.matches(roleArn) ?? true {
                add(entry.owner)
            }
            for entry in universal where entry.pattern?.matches(roleArn) ?? true { add(entry.owner) }
        }
    }

    private var accounts: [String: AccountCallers] = [:]

    /// Without `classes`, every statement is filed under its own caller.
    init(identity: IdentityPolicies, classes: AssumerClasses?) {
        var filedShares = Set<ShareCandidate>()
        for principalID in identity.principals.keys.sorted() {
            guard let account = identity.principals[principalID]?.accountId else { continue }
            var callers = accounts[account] ?? AccountCallers()
            if !identity.unknownPolicies(of: principalID).isEmpty {
                callers.universal.append(Entry(owner: .principal(principalID), pattern: nil))
            } else if let holding = classes?.holding(of: principalID) {
                for (share, attributed) in holding.shares
                where filedShares.insert(ShareCandidate(share: share, account: account)).inserted {
                    Self.file(attributed, owner: .share(share), into: &callers)
                }
                for attributed in holding.ownStatements {
                    Self.file(attributed, owner: .principal(principalID), into: &callers)
                }
            } else {
                for attributed in identity.identity(of: principalID)
                where attributed.statement.effect == .allow && attributed.coversAction("sts:AssumeRole") {
                    Self.file(attributed, owner: .principal(principalID), into: &callers)
                }
            }
            accounts[account] = callers
        }
    }

    private static func file(_ attributed: AttributedStatement, owner: Owner, into callers: inout AccountCallers) {
        guard case .listed(let patterns) = attributed.statement.resources, !attributed.resourceHasVariables else {
            callers.universal.append(Entry(owner: owner, pattern: nil))
            return
        }
        for text in patterns {
            let pattern = WildcardPattern(text)
            if !pattern.hasWildcard {
                callers.exact[text, default: []].append(owner)
            } else if let arn = ARN(text), !arn.account.isEmpty, !arn.account.contains("*"), !arn.account.contains("?")
            {
                callers.byTargetAccount[arn.account, default: []].append(Entry(owner: owner, pattern: pattern))
            } else {
                callers.universal.append(Entry(owner: owner, pattern: pattern))
            }
        }
    }

    /// Callers of `callerAccount` (or of every account, when `nil`) whose
    /// identity policies may allow assuming `roleArn` in `roleAccount`.
    func candidates(forRole roleArn: String, roleAccount: String, callerAccount: String?) -> Candidates {
        var result = Candidates()
        if let callerAccount {
            accounts[callerAccount]?.candidates(
                forRole: roleArn,
                roleAccount: roleAccount,
                account: callerAccount,
                into: &result
            )
        } else {
            for (account, callers) in accounts {
                callers.candidates(forRole: roleArn, roleAccount: roleAccount, account: account, into: &result)
            }
        }
        return result
    }
}
