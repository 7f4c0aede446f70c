/// What plans and their ledgers let roles do.
extension Action {
    /// Read the plans of one's region and above, with the progress of one's own region.
    public static let readPlans = Action("readPlans", label: "查看计划指标", roles: [.admin, .viewer])
    /// Set a plan's targets and its breakdown across the regions below (the plan's own bureau).
    public static let editPlans = Action("editPlans", label: "制定计划和分解指标", roles: [.admin])
    /// Fill in and submit one's region's monthly ledger (督查台账).
    public static let reportProgress = Action("reportProgress", label: "填报督查台账", roles: [.admin])
    /// Approve, return or unlock the ledgers of the regions below; send them urgings (督办).
    public static let reviewLedgers = Action("reviewLedgers", label: "审核督查台账", roles: [.admin])

    public static let plans: [Action] = [.readPlans, .editPlans, .reportProgress, .reviewLedgers]
}
