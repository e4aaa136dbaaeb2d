// libFuzzer target for Scripts/fuzz.sh: the JSON parser, the policy parser
// and the snapshot parser, on arbitrary bytes. Built by fuzz.sh with the
// needed sources of IAMPolicy and IAMStore compiled into one module (so it
// has no `import` of them). A crash, a trap or a broken invariant below is
// a finding; a thrown parse error is the expected answer to bad input.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let value: JSONValue
    do {
        value = try JSONParser.parse(bytes)
    } catch {
        precondition(error.line >= 1 && error.column >= 1, "error without a place: \(error)")
        fuzzPolicyText(bytes)
        return 0
    }
    // Whatever parses must survive a write and a second read unchanged.
    precondition((try? JSONParser.parse(value.serialized)) == value, "serialization does not round-trip")
    _ = try? AuthorizationDetailsParser.parse(value, file: "fuzz/111111111111.json")
    if let document = try? PolicyDocument.parse(value) {
        // Parsing the normalised form gives the same document.
        let normalised = try? PolicyDocument.documentObject(value)
        precondition(normalised.flatMap { try? PolicyDocument.parse($0) } == document, "policy does not re-parse alike")
    }
    if let policy = value["Policy"] { _ = try? PolicyDocument.parse(policy) }
    fuzzPolicyText(bytes)
    return 0
}

/// The same bytes as a policy string (S3's JSON-string form or IAM's
/// URL-encoded form) and as wildcard patterns.
private func fuzzPolicyText(_ bytes: [UInt8]) {
    let text = String(decoding: bytes, as: UTF8.self)
    _ = try? PolicyDocument.parse(.string(text))
    let parts = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
    let pattern = WildcardPattern(String(parts[0]), caseInsensitive: bytes.first.map { $0 & 1 == 1 } ?? false)
    let candidate = parts.count > 1 ? String(parts[1]) : ""
    let matches = pattern.matches(candidate)
    // "Every continuation" includes the empty one, so it implies a match;
    // a match of a longer string implies "some continuation".
    precondition(!pattern.matchesEveryString(withPrefix: candidate) || matches, "every without a match")
    // (Case-folded text may fold differently once extended: Greek final sigma.)
    if !pattern.isCaseInsensitive {
        precondition(!pattern.matches(candidate + "x") || pattern.matchesSomeString(withPrefix: candidate), "a match but not some")
    }
}
