/// A statement's `Effect`; AWS accepts exactly these two spellings.
public enum Effect: String, Sendable, Hashable, Codable {
    case allow = "Allow"
    case deny = "Deny"
}
