import Foundation

/// The on-disk shape written by `Scripts/generate-service-reference.py`;
/// the script's header documents each field.
struct ServiceReferenceFile: Decodable, Sendable {
    static let supportedFormat = 2

    struct Source: Decodable, Sendable {
        let version: String
    }

    struct ServiceEntry: Decodable, Sendable {
        let name: String
        /// `[key, type]` pairs, sorted by key.
        let conditionKeys: [[String]]
        /// Action name to indices into `conditionKeys`.
        let actions: [String: [Int]]
    }

    let format: Int
    let source: Source
    /// `[key, type, alternativeType...]` entries.
    let globalConditionKeys: [[String]]
    let services: [String: ServiceEntry]
}

/// A condition key whose name embeds a caller-chosen part, such as
/// `aws:PrincipalTag/${TagKey}` or `s3:ExistingObjectTag/<key>`: a policy
/// writes `aws:PrincipalTag/team`, which must resolve to the template.
struct ConditionKeyTemplate: Sendable {
    let types: [String]
    /// Characters outside placeholders; more literal text is a more specific
    /// template (`ssm:resourceTag/aws:ssmmessages:session-id` beats
    /// `ssm:resourceTag/${TagKey}` for that exact tag).
    let literalLength: Int
    private let pattern: WildcardPattern

    /// Nil when the key has no placeholder and so is matched literally.
    init?(key: String, types: [String]) {
        var glob = ""
        var literalLength = 0
        var placeholders = 0
        var rest = Substring(key)
        while let next = rest.first {
            if let close = Self.placeholderEnd(in: rest) {
                // A placeholder stands for at least one character.
                glob += "?*"
                placeholders += 1
                rest = rest[close...]
            } else {
                glob.append(next)
                literalLength += 1
                rest = rest.dropFirst()
            }
        }
        guard placeholders > 0 else { return nil }
        self.types = types
        self.literalLength = literalLength
        self.pattern = WildcardPattern(glob, caseInsensitive: true)
    }

    /// The index just past a `${…}` or `<…>` placeholder starting at the
    /// front of `text`, if one does.
    private static func placeholderEnd(in text: Substring) -> Substring.Index? {
        let closer: Character
        var body = text
        if text.hasPrefix("${") {
            closer = "}"
            body = text.dropFirst(2)
        } else if text.hasPrefix("<") {
            closer = ">"
            body = text.dropFirst()
        } else {
            return nil
        }
        guard let close = body.firstIndex(of: closer), close > body.startIndex else { return nil }
        return text.index(after: close)
    }

    func matches(_ key: String) -> Bool { pattern.matches(key) }

    /// The most specific template matching `key`; ties go to the earlier
    /// template, which callers order by precedence.
    static func bestMatch(for key: String, in templates: [ConditionKeyTemplate]) -> ConditionKeyTemplate? {
        var best: ConditionKeyTemplate?
        for template in templates where template.matches(key) {
            if let current = best, current.literalLength >= template.literalLength { continue }
            best = template
        }
        return best
    }
}

extension ServiceReference {
    static let resourceFileName = "service-reference.json"

    /// Reads the bundled files (the S3 tables through ``S3Reference/shared``),
    /// turning every failure into an empty reference with a reason rather
    /// than a crash.
    static func loadBundled() -> ServiceReference {
        switch loadBundledFile(named: resourceFileName, { try ServiceReference(jsonData: $0, s3: .shared) }) {
        case .success(let reference): reference
        case .failure(let failure): .empty(loadError: failure.reason)
        }
    }

    /// Why a bundled data file could not be used.
    struct BundledFileFailure: Error {
        let reason: String
    }

    /// Finds, reads and decodes one of the module's data files, reporting
    /// every failure as a reason instead of trapping.
    static func loadBundledFile<Value>(
        named fileName: String,
        _ decode: (Data) throws -> Value
    ) -> Result<Value, BundledFileFailure> {
        guard let url = bundledDataURL(named: fileName) else {
            return .failure(BundledFileFailure(reason: "\(fileName) was not found in the IAMPolicy resource bundle"))
        }
        do {
            return .success(try decode(try Data(contentsOf: url)))
        } catch {
            return .failure(BundledFileFailure(reason: "could not load \(url.path): \(error)"))
        }
    }

    /// Where the bundled data file `fileName` (such as
    /// `service-reference.json`) is.
    ///
    /// The candidates are the places SwiftPM's generated `Bundle.module` looks
    /// (the `RoleChain_IAMPolicy` bundle beside the main executable), the
    /// bundle beside the test or library image on Apple platforms, and the
    /// source tree the module was compiled from. `Bundle.module` itself is
    /// not used because it calls `fatalError` when its bundle is missing.
    static func bundledDataURL(named fileName: String) -> URL? {
        let fileManager = FileManager.default
        let bundleNames = ["RoleChain_IAMPolicy.resources", "RoleChain_IAMPolicy.bundle"]
        let layouts = ["Data", "Contents/Resources/Data"]
        var directories: [URL] = []
        if let resources = Bundle.main.resourceURL { directories.append(resources) }
        directories.append(Bundle.main.bundleURL)
        if let executable = Bundle.main.executableURL { directories.append(executable.deletingLastPathComponent()) }
        directories.append(Bundle(for: BundleToken.self).bundleURL.deletingLastPathComponent())
        for directory in directories {
            for bundleName in bundleNames {
                for layout in layouts {
                    let url = directory.appendingPathComponent(bundleName)
                        .appendingPathComponent(layout)
                        .appendingPathComponent(fileName)
                    if fileManager.isReadableFile(atPath: url.path) { return url }
                }
            }
        }
        let source = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("Data")
            .appendingPathComponent(fileName)
        return fileManager.isReadableFile(atPath: source.path) ? source : nil
    }
}

/// Anchors `Bundle(for:)`, which on Apple platforms names the image this
/// module is linked into.
private final class BundleToken {}
