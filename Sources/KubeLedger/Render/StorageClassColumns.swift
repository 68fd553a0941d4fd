/// kubectl 1.32's StorageClass columns (`printStorageClass`): NAME with ` (default)` for the
/// default class, PROVISIONER, RECLAIMPOLICY (`Delete` when unset), VOLUMEBINDINGMODE
/// (`Immediate` when unset), ALLOWVOLUMEEXPANSION (`false` when unset), AGE.
enum StorageClassColumns {
    static func cells(_ o: JSONValue, name: String, age: String) -> ([String], [String]) {
        let annotations = o["metadata"]?["annotations"]
        let isDefault =
            annotations?["storageclass.kubernetes.io/is-default-class"]?.stringValue == "true"
            || annotations?["storageclass.beta.kubernetes.io/is-default-class"]?.stringValue == "true"
        return (
            [
                isDefault ? name + " (default)" : name, o["provisioner"]?.stringValue ?? "",
                o["reclaimPolicy"]?.stringValue ?? "Delete", o["volumeBindingMode"]?.stringValue ?? "Immediate",
                o["allowVolumeExpansion"]?.boolValue == true ? "true" : "false", age,
            ], []
        )
    }
}
