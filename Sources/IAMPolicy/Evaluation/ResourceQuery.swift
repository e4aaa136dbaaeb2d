/// The resource a request is about.
///
/// "Who can read example-bucket" asks about objects whose keys are not
/// known, so besides one exact ARN a query can stand for every ARN that
/// starts with a prefix; an Allow then needs to cover *some* of them and a
/// Deny must cover *all* of them to close the path (a partial Deny becomes
/// a caveat, never a removal).
public enum ResourceQuery: Sendable, Hashable, CustomStringConvertible {
    case exact(String)
    /// Any non-empty continuation of the prefix, e.g. every object
    /// `arn:aws:s3:::example-bucket/…`.
    case anyWithPrefix(String)

    public var description: String {
        switch self {
        case .exact(let arn): arn
        case .anyWithPrefix(let prefix): prefix + "*"
        }
    }
}
