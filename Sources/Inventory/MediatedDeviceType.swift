/// One mediated-device (vGPU) type a host offers, with its free instances
/// (Docs/ovirt.md §2.2.8).
public struct MediatedDeviceType: Hashable, Sendable {
  /// The type name as the host reports it, e.g. `nvidia-22`.
  public var name: String
  /// Instances of the type still free on the host, as it reports them.
  public var availableInstances: Int

  /// Creates a type.
  public init(name: String, availableInstances: Int) {
    self.name = name
    self.availableInstances = availableInstances
  }
}

extension VirtualMachine {
  /// The mediated-device types the VM needs, one entry per instance: `mdevTypes`, or else
  /// the types of its `mdev_type` custom property as oVirt writes it (`nodisplay,nvidia-22`),
  /// without the `nodisplay` flag (Docs/ovirt.md §2.2.8).
  public var requiredMediatedDeviceTypes: [String] {
    if !mdevTypes.isEmpty { return mdevTypes }
    return Self.mediatedDeviceProperty(customProperties["mdev_type"] ?? "").types
  }

  /// Whether the VM's mediated devices run without a display: `mdevNoDisplay`, or the
  /// `nodisplay` flag of its `mdev_type` custom property.
  public var hasMediatedDevicesWithoutDisplay: Bool {
    isMdevNoDisplay || Self.mediatedDeviceProperty(customProperties["mdev_type"] ?? "").noDisplay
  }

  /// Splits oVirt's `mdev_type` value: comma-separated types, `nodisplay` as a flag.
  static func mediatedDeviceProperty(_ value: String) -> (types: [String], noDisplay: Bool) {
    var types: [String] = []
    var noDisplay = false
    for part in value.split(separator: ",") {
      let name = part.filter { $0 != " " }
      if name == "nodisplay" {
        noDisplay = true
      } else if !name.isEmpty {
        types.append(name)
      }
    }
    return (types, noDisplay)
  }
}
