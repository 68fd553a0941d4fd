extension JSONPathTemplate {
    /// The order `--sort-by` puts `objects` in: by the first value this (relaxed) path selects,
    /// numbers by value, anything else by its text; objects without a value first; ties keep
    /// their order.
    public func sortedIndices(_ objects: [JSONValue]) -> [Int] {
        let keys = objects.map { values($0).first?.first }
        return objects.indices.sorted { a, b in
            switch (keys[a], keys[b]) {
            case (nil, nil): return a < b
            case (nil, _): return true
            case (_, nil): return false
            case (let x?, let y?):
                if case .number(let p) = x, case .number(let q) = y, let m = Double(p), let n = Double(q), m != n {
                    return m < n
                }
                let s = JSONPathFormat.text(x)
                let t = JSONPathFormat.text(y)
                return s == t ? a < b : s < t
            }
        }
    }
}
