/// An IAM wildcard pattern (`*` any run of characters, `?` one character),
/// compiled once and matched many times.
///
/// IAM matches `Action` case-insensitively and ARNs case-sensitively
/// (semantics.md R2.8), and lets `*` cross `/` and `:` (R2.9), so one glob
/// over the whole string is the rule for both. Besides plain matching, the
/// pattern answers the two questions a "who can reach this bucket" query
/// asks when no object key is given: could it match *some* object under a
/// prefix (an Allow that grants part of the bucket), and does it match
/// *every* object under it (a Deny that closes the whole bucket).
public struct WildcardPattern: Sendable, Hashable, CustomStringConvertible {
    /// The pattern as written in the policy.
    public let text: String
    public let isCaseInsensitive: Bool
    private let tokens: [Token]
    private let shape: Shape

    private enum Token: Sendable, Hashable {
        case literal(UInt8)
        case anyOne
        case anyRun
    }

    private enum Shape: Sendable, Hashable {
        case everything
        case exact([UInt8])
        case prefix([UInt8])
        case general
    }

    public init(_ text: String, caseInsensitive: Bool = false) {
        self.text = text
        self.isCaseInsensitive = caseInsensitive
        let bytes = caseInsensitive ? Array(text.lowercased().utf8) : Array(text.utf8)
        var tokens: [Token] = []
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "*"):
                if tokens.last != .anyRun { tokens.append(.anyRun) }
            case UInt8(ascii: "?"): tokens.append(.anyOne)
            default: tokens.append(.literal(byte))
            }
        }
        self.tokens = tokens
        let literals = tokens.compactMap { token -> UInt8? in
            if case .literal(let byte) = token { return byte }
            return nil
        }
        if tokens == [.anyRun] {
            shape = .everything
        } else if literals.count == tokens.count {
            shape = .exact(literals)
        } else if tokens.last == .anyRun, literals.count == tokens.count - 1 {
            shape = .prefix(literals)
        } else {
            shape = .general
        }
    }

    /// Whether the pattern contains `*` or `?`.
    public var hasWildcard: Bool {
        if case .exact = shape { return false }
        return true
    }

    /// The characters before the first wildcard, for index look-ups.
    public var literalPrefix: String {
        var prefix: [UInt8] = []
        for token in tokens {
            guard case .literal(let byte) = token else { break }
            prefix.append(byte)
        }
        return String(decoding: prefix, as: UTF8.self)
    }

    public var description: String { text }

    // MARK: - Matching

    /// Whether the whole of `candidate` matches.
    public func matches(_ candidate: String) -> Bool {
        var candidate = candidate
        if isCaseInsensitive { candidate = candidate.lowercased() }
        return candidate.utf8.withContiguousStorageIfAvailable { matches(bytes: $0) }
            ?? matches(bytes: Array(candidate.utf8))
    }

    private func matches<C: RandomAccessCollection>(bytes: C) -> Bool where C.Element == UInt8, C.Index == Int {
        switch shape {
        case .everything: return true
        case .exact(let literal): return bytes.elementsEqual(literal)
        case .prefix(let literal):
            return bytes.count >= literal.count && bytes.prefix(literal.count).elementsEqual(literal)
        case .general: return globMatch(bytes)
        }
    }

    /// Linear-time glob matching with single back-tracking point, which is
    /// exact for patterns made of literals, `?` and `*`.
    private func globMatch<C: RandomAccessCollection>(_ bytes: C) -> Bool where C.Element == UInt8, C.Index == Int {
        var tokenIndex = 0
        var byteIndex = bytes.startIndex
        var starToken = -1
        var starByte = bytes.startIndex
        while byteIndex < bytes.endIndex {
            if tokenIndex < tokens.count {
                switch tokens[tokenIndex] {
                case .anyRun:
                    starToken = tokenIndex
                    starByte = byteIndex
                    tokenIndex += 1
                    continue
                case .anyOne:
                    // `?` is one character: skip the UTF-8 continuation bytes too.
                    tokenIndex += 1
                    byteIndex += 1
                    while byteIndex < bytes.endIndex, bytes[byteIndex] & 0xC0 == 0x80 { byteIndex += 1 }
                    continue
                case .literal(let byte) where byte == bytes[byteIndex]:
                    tokenIndex += 1
                    byteIndex += 1
                    continue
                default: break
                }
            }
            guard starToken >= 0 else { return false }
            tokenIndex = starToken + 1
            starByte += 1
            byteIndex = starByte
        }
        while tokenIndex < tokens.count, tokens[tokenIndex] == .anyRun { tokenIndex += 1 }
        return tokenIndex == tokens.count
    }

    // MARK: - Matching every or some string with a prefix

    /// Whether some non-empty continuation of `prefix` matches:
    /// `arn:aws:s3:::b/reports/*` can match an object of bucket `b`.
    public func matchesSomeString(withPrefix prefix: String) -> Bool {
        statesAfter(prefix).contains { $0 < tokens.count }
    }

    /// Whether every continuation of `prefix` matches:
    /// `arn:aws:s3:::b/*` covers all objects of `b`, `arn:aws:s3:::b/x*` does not.
    public func matchesEveryString(withPrefix prefix: String) -> Bool {
        // At the pattern's end only the empty continuation matches, and
        // object keys are never empty: at least one `*` must remain.
        statesAfter(prefix).contains { state in state < tokens.count && tokens[state...].allSatisfy { $0 == .anyRun } }
    }

    /// The set of token positions reachable after reading `prefix`,
    /// closed over `*` matching nothing: a small NFA simulation.
    private func statesAfter(_ prefix: String) -> Set<Int> {
        let bytes = Array((isCaseInsensitive ? prefix.lowercased() : prefix).utf8)
        var states = closure([0])
        for byte in bytes {
            var next: Set<Int> = []
            for state in states where state < tokens.count {
                switch tokens[state] {
                case .anyRun: next.insert(state)
                case .anyOne: next.insert(state + 1)
                case .literal(let literal) where literal == byte: next.insert(state + 1)
                case .literal: break
                }
            }
            states = closure(next)
            if states.isEmpty { break }
        }
        return states
    }

    private func closure(_ states: Set<Int>) -> Set<Int> {
        var result = states
        for state in states {
            var position = state
            while position < tokens.count, tokens[position] == .anyRun {
                position += 1
                result.insert(position)
            }
        }
        return result
    }
}
