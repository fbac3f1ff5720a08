/// The bodies of the managed templates' routes (`/api/templates...`).
extension RequestBodies {
    static let templateVariable = FieldKind.string(
        maximumBytes: 64,
        documented: .pattern("^[A-Za-z_][A-Za-z0-9_]{0,63}$", maximumLength: 64)
    )
    /// Generous here: the rule of a saved template (`TemplateRules`, 256 KB a part) answers 400 naming the part.
    static let templatePart = FieldKind.string(maximumBytes: TemplateBundleLink.maximumBytes)

    /// A new version: the parts and declarations, or `bundle_key` alone. A bundle holds the same
    /// fields but `bundle_key`.
    public static let putTemplate: [FieldRule] = [
        .optional("subject", templatePart, "the subject line: one line, at most 256 KB"),
        .optional("text", templatePart, "the plain-text part, at most 256 KB"),
        .optional("html", templatePart, "the HTML part, at most 256 KB: balanced tags, no scripts or event handlers"),
        .optional("variables", .list(of: templateVariable, maximum: 50), "every value the parts may use as {{name}}"),
        .optional(
            "required",
            .list(of: templateVariable, maximum: 50),
            "the declared values a send must give, each used (default: all of variables)"
        ),
        .optional(
            "bundle_key",
            .string(
                maximumBytes: 64,
                documented: .pattern("^template-uploads/UP[A-Z0-9]{10}\\.json$", maximumLength: 64)
            ),
            "instead of the parts: the key an upload link of POST /api/templates/upload-url wrote a bundle to"
        ),
    ]

    public static let rollbackTemplate: [FieldRule] = [
        .required("version", .integer(1...1_000_000), "the version whose content becomes the newest version")
    ]

    public static let previewTemplate: [FieldRule] = [
        .optional("values", .namedValues(maximum: 50, textMaximum: 2000), "the template's named values"),
        .optional("version", .integer(1...1_000_000), "a version to render instead of the current one"),
    ]

    /// As a campaign CSV's link: how long it lasts.
    public static let templateUploadLink = campaignUploadLink
}
