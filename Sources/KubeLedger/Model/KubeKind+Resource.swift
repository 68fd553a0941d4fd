extension KubeKind {
    /// The kind name KubeLedger uses for a resource it does not know (audit records name
    /// resources, not kinds).
    ///
    /// Rule: singularise the plural resource (`…ies` → `…y`; `…sses`, `…shes`, `…ches`, `…xes`,
    /// `…zes` drop `es`; otherwise a final `s` is dropped), then upper-case the first letter and
    /// each letter after a `-` or `.`, removing those separators: `widgets` → `Widget`,
    /// `networkpolicies` → `Networkpolicy`, `ingressclasses` → `Ingressclass`. Resources are
    /// lower case, so inner word boundaries are lost; adapters prefer the `kind` of an object in
    /// the record whenever there is one.
    ///
    /// - Parameter resource: the plural resource name (`widgets`).
    /// - Returns: the derived kind name (`Widget`).
    public static func derivedKindName(forResource resource: String) -> String {
        var base = resource
        if base.hasSuffix("ies"), base.count > 3 {
            base = String(base.dropLast(3)) + "y"
        } else if ["sses", "shes", "ches", "xes", "zes"].contains(where: { base.hasSuffix($0) }) {
            base = String(base.dropLast(2))
        } else if base.hasSuffix("s"), !base.hasSuffix("ss"), base.count > 1 {
            base = String(base.dropLast())
        }
        var out = ""
        var upper = true
        for c in base {
            if c == "-" || c == "." {
                upper = true
                continue
            }
            out += upper ? c.uppercased() : String(c)
            upper = false
        }
        return out
    }
}
