import Foundation
import IAMPolicy

/// Finds and reads the files an import names: account snapshots
/// (`<account id>.json` in a folder, or any file named directly), bucket
/// policies (`bucket-policy.<bucket>.json`) and bucket owners
/// (`buckets.json`) — the layout `Scripts/collect-account.sh` writes.
public struct SnapshotFiles: Sendable {
    public var accountFiles: [String] = []
    public var bucketPolicyFiles: [(bucket: String, file: String)] = []
    public var bucketOwnerFiles: [String] = []

    public static let bucketOwnersName = "buckets.json"

    /// Sorts the paths given on the command line into kinds of file.
    public static func discover(_ paths: [String]) throws(StoreError) -> SnapshotFiles {
        var result = SnapshotFiles()
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw .unreadableFile(file: path, reason: "no such file or folder")
            }
            if isDirectory.boolValue {
                let names: [String]
                do {
                    names = try manager.contentsOfDirectory(atPath: path).sorted()
                } catch {
                    throw .unreadableFile(file: path, reason: error.localizedDescription)
                }
                let before = result.accountFiles.count
                for name in names {
                    let file = (path as NSString).appendingPathComponent(name)
                    if let bucket = bucketName(fromPolicyFile: name) {
                        result.bucketPolicyFiles.append((bucket, file))
                    } else if name == bucketOwnersName {
                        result.bucketOwnerFiles.append(file)
                    } else if name.hasSuffix(".json"), ARN.isAccountID(String(name.dropLast(5))) {
                        result.accountFiles.append(file)
                    }
                }
                if result.accountFiles.count == before, result.bucketPolicyFiles.isEmpty {
                    throw .nothingToImport(path: path)
                }
            } else {
                let name = (path as NSString).lastPathComponent
                if let bucket = bucketName(fromPolicyFile: name) {
                    result.bucketPolicyFiles.append((bucket, path))
                } else if name == bucketOwnersName {
                    result.bucketOwnerFiles.append(path)
                } else {
                    result.accountFiles.append(path)
                }
            }
        }
        return result
    }

    static func bucketName(fromPolicyFile name: String) -> String? {
        guard name.hasPrefix("bucket-policy."), name.hasSuffix(".json") else { return nil }
        let bucket = name.dropFirst("bucket-policy.".count).dropLast(".json".count)
        return bucket.isEmpty ? nil : String(bucket)
    }

    /// Reads and parses one JSON file; errors name the file and the place.
    public static func readJSON(_ file: String) throws(StoreError) -> JSONValue {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw .unreadableFile(file: file, reason: (error as NSError).localizedDescription)
        }
        do {
            return try JSONParser.parse([UInt8](data))
        } catch {
            throw .invalidFile(
                file: file,
                path: error.path,
                reason: "not valid JSON: \(error.reason) at line \(error.line), column \(error.column)"
            )
        }
    }

    /// Reads `buckets.json`: `{"bucket": "owner account id", …}`.
    public static func readBucketOwners(_ file: String) throws(StoreError) -> [String: String] {
        let reader = JSONReader(try readJSON(file), file: file)
        var owners: [String: String] = [:]
        for (bucket, _) in try reader.object() {
            let entry = try reader.required(bucket)
            let account = try entry.string()
            guard ARN.isAccountID(account) else {
                throw entry.error("expected a 12-digit account id, found \"\(account)\"")
            }
            owners[bucket] = account
        }
        return owners
    }

    /// Reads a bucket policy: `aws s3api get-bucket-policy` output
    /// (`{"Policy": "<json string>"}`) or a bare policy document.
    public static func readBucketPolicy(_ file: String) throws(StoreError) -> AccountSnapshot.Document {
        let reader = JSONReader(try readJSON(file), file: file)
        let members = try reader.object()
        if members["Policy"] != nil {
            return try reader.required("Policy").policyDocument()
        }
        guard members["Statement"] != nil else {
            throw reader.error(
                "expected 'aws s3api get-bucket-policy' output ({\"Policy\": \"…\"}) or a policy document with a Statement"
            )
        }
        return try reader.policyDocument()
    }

    /// Reads an account snapshot file.
    public static func readAccountSnapshot(_ file: String) throws(StoreError) -> AccountSnapshot {
        try AuthorizationDetailsParser.parse(readJSON(file), file: file)
    }
}
