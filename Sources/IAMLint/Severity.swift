/// How urgently a finding needs attention, ordered so `>=` reads as "at
/// least as serious as" for `--min-severity` and `--fail-on`.
///
/// - `critical`: anyone (or any account) can obtain the role's credentials today.
/// - `high`: a large, unintended population can (any GitHub repository,
///   any user of an identity provider, everyone but a list).
/// - `medium`: the policy does not do what it says, or grants broader
///   access than it needs; a reviewer should change it.
/// - `low`: stale or dead entries that do no harm now.
/// - `info`: correct but often misunderstood; read the explanation.
public enum Severity: Int, Sendable, Hashable, Comparable, CaseIterable, CustomStringConvertible {
    case info = 0
    case low
    case medium
    case high
    case critical

    /// The lower-case word used on the command line and in every output format.
    public var name: String {
        switch self {
        case .info: "info"
        case .low: "low"
        case .medium: "medium"
        case .high: "high"
        case .critical: "critical"
        }
    }

    public var description: String { name }

    /// Parses a command-line word, case-insensitively; nil for anything else.
    public init?(name: String) {
        guard let match = Self.allCases.first(where: { $0.name == name.lowercased() }) else { return nil }
        self = match
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rawValue < rhs.rawValue }
}
