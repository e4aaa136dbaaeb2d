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

    /// Read by column name, without the Codable machinery: derivation reads
    /// every user and role, 110,000 rows on a large estate.
    public init(row: Row) throws {
        id = row["id"]
        kind = row["kind"]
        arn = row["arn"]
        accountId = row["accountId"]
        name = row["name"]
        path = row["path"]
        uniqueId = row["uniqueId"]
        isAnalysed = row["isAnalysed"]
        isServiceLinked = row["isServiceLinked"]
        permissionsBoundaryArn = row["permissionsBoundaryArn"]
        tags = row["tags"]
    }

    /// The principal as a caller of a request.
    public func requestPrincipal(
        organization: RequestPrincipal.OrganizationMembership = .unknown,
        hasBoundary: Bool? = nil
    )
        -> RequestPrincipal
    {
        var tagValues: [String: String] = [:]
        if tags != "{}", case .object(let members)? = try? JSONParser.parse(tags) {
            for (key, value) in members { tagValues[key] = value.scalarText ?? "" }
        }
        let requestKind = RequestPrincipal.Kind(rawValue: kind) ?? .anyone
        let parsed = ARN(arn)
        return RequestPrincipal(
            kind: requestKind,
            arn: arn,
            accountID: accountId ?? (requestKind == .account ? parsed?.account : nil),
            partition: parsed?.partition ?? "aws",
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
