import GRDB
import IAMPolicy

/// A row of `principal`.
public struct PrincipalRecord: Codable, Sendable, Hashable, FetchableRecord, TableRecord {
    public static let databaseTableName = "principal"

    public var id: Int64
    public var kind: String
    public var arn: String
    public var accountId: String?
    public var name: String?
    public var path: String?
    public var uniqueId: String?
    public var isAnalysed: Bool
    public var isServiceLinked: Bool
    public var permissionsBoundaryArn: String?
    public var tags: String

    /// The principal as a caller of a request.
    public func requestPrincipal(
        organization: RequestPrincipal.OrganizationMembership = .unknown,
        hasBoundary: Bool? = nil
    )
        -> RequestPrincipal
    {
        var tagValues: [String: String] = [:]
        if case .object(let members)? = try? JSONParser.parse(tags) {
            for (key, value) in members { tagValues[key] = value.scalarText ?? "" }
        }
        let requestKind = RequestPrincipal.Kind(rawValue: kind) ?? .anyone
        return RequestPrincipal(
            kind: requestKind,
            arn: arn,
            accountID: accountId ?? (requestKind == .account ? ARN(arn)?.account : nil),
            partition: ARN(arn)?.partition ?? "aws",
            name: name,
            uniqueID: uniqueId,
            tags: tagValues,
            organization: organization,
            hasPermissionsBoundary: hasBoundary ?? (permissionsBoundaryArn != nil),
            isServiceLinked: isServiceLinked,
            isAnalysed: isAnalysed
        )
    }
}
