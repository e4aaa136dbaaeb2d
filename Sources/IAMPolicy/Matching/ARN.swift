/// An Amazon Resource Name split into its six fields.
///
/// `arn:partition:service:region:account:resource` — the resource part may
/// itself contain colons (`arn:aws:s3:::bucket/a:b`), so only the first
/// five colons separate fields.
public struct ARN: Sendable, Hashable, CustomStringConvertible {
    public var partition: String
    public var service: String
    public var region: String
    public var account: String
    public var resource: String

    public init?(_ text: String) {
        // Hand-split on the first five colons: ARNs are parsed for every
        // principal and pattern of an import, and `split` allocates more.
        guard text.utf8.starts(with: "arn:".utf8) else { return nil }
        var fields: [Substring] = []
        fields.reserveCapacity(5)
        var start = text.utf8.index(text.utf8.startIndex, offsetBy: 4)
        var index = start
        let end = text.utf8.endIndex
        while index < end, fields.count < 4 {
            if text.utf8[index] == UInt8(ascii: ":") {
                fields.append(Substring(text.utf8[start..<index]))
                start = text.utf8.index(after: index)
            }
            index = text.utf8.index(after: index)
        }
        guard fields.count == 4, !fields[0].isEmpty, !fields[1].isEmpty else { return nil }
        partition = String(fields[0])
        service = String(fields[1])
        region = String(fields[2])
        account = String(fields[3])
        resource = String(Substring(text.utf8[start..<end]))
    }

    public init(partition: String, service: String, region: String = "", account: String, resource: String) {
        self.partition = partition
        self.service = service
        self.region = region
        self.account = account
        self.resource = resource
    }

    public var description: String { "arn:\(partition):\(service):\(region):\(account):\(resource)" }

    /// The resource type before the first `/`: `role`, `user`, `assumed-role`, `root` ….
    public var resourceType: String {
        String(resource.prefix { $0 != "/" && $0 != ":" })
    }

    /// The last `/`-separated part: a role's or user's name without its path.
    public var resourceName: String {
        String(resource.split(separator: "/", omittingEmptySubsequences: false).last ?? "")
    }

    /// An IAM account principal: `arn:aws:iam::111111111111:root`.
    public var isAccountRoot: Bool { service == "iam" && resource == "root" }

    /// For `arn:aws:sts::111:assumed-role/RoleName/session`, the role name and session.
    /// Session ARNs carry no path (R2.12).
    public var assumedRole: (roleName: String, sessionName: String)? {
        guard service == "sts" else { return nil }
        let parts = resource.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "assumed-role" else { return nil }
        return (String(parts[1]), String(parts[2]))
    }

    /// Twelve decimal digits, the only form AWS account ids take.
    public static func isAccountID(_ text: String) -> Bool {
        text.utf8.count == 12 && text.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    /// An IAM unique id such as `AROA…` or `AIDA…`, which a trust policy shows
    /// in place of a deleted principal (R2.5).
    public static func isUniqueID(_ text: String) -> Bool {
        text.utf8.count >= 16 && text.utf8.first == UInt8(ascii: "A")
            && text.utf8.allSatisfy {
                ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z"))
                    || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9"))
            }
    }
}
