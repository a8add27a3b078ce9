/// Which way a unit moves VMs: packing them onto few hosts (power saving) or spreading them
/// out (even distribution).
///
/// Policy documents do not declare it, so it is read from the unit's name and its native name,
/// as oVirt's own units are named: `PowerSaving` packs, `EvenDistribution` and
/// `EvenGuestDistribution` spread. The linter's balancer/weight conflict rule and the balance
/// planner's hysteresis both use this one heuristic.
public enum LoadDirection: Hashable, Sendable {
  /// Consolidates load onto few hosts.
  case pack
  /// Spreads load across hosts.
  case spread

  /// The direction of a unit by its names, or `nil` when the names do not tell.
  public static func of(unitName: String, nativeName: String? = nil) -> LoadDirection? {
    let names = [unitName, nativeName].compactMap { $0?.lowercased() }
    if names.contains(where: { $0.contains("powersaving") }) { return .pack }
    if names.contains(where: {
      $0.contains("evendistribution") || $0.contains("evenguestdistribution")
    }) {
      return .spread
    }
    return nil
  }
}
