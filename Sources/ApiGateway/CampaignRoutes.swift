import Foundation
import Shared

/// `/api/campaigns...`: bulk terminations, for admins and external systems. Reads through
/// DatabaseManager (a campaign's counts summed from its batches as they settle), changes
/// through ContractProcessor, which runs every row through the rules of a single termination.
enum CampaignRoutes {
    static let access: Set<Role> = [.admin, .system]

    static let all: [Route] = [
        RouteDeclaration(
            "POST",
            "/api/campaigns/upload-url",
            "createCampaignUploadLink",
            "A presigned PUT link that uploads one campaign CSV (at most 5 MB)"
        )
        .roles(access, to: "run campaigns")
        .body(RequestBodies.campaignUploadLink)
        .example(body: ["expires_in": 600])
        .answers(CampaignUploadLink.self, uploadLink),
        RouteDeclaration(
            "POST",
            "/api/campaigns",
            "createCampaign",
            "Create a campaign from a CSV (csv, or csv_key of an upload): rows counted and checked, then run"
        )
        .roles(access, to: "run campaigns")
        .body(RequestBodies.createCampaign)
        .example(body: [
            "csv": "contract_id,notes\nCT004JKL,Product line discontinued\n", "reason": "PRODUCT_DISCONTINUED",
        ])
        .answers(201, CreatedCampaign.self) { call in
            let fields = try call.fields(maximumBytes: Request.maximumBodyBytes).values
            return try await call.campaign(
                CampaignRequest(.create, caller: call.caller, fields: fields),
                as: CreatedCampaign.self
            )
        },
        RouteDeclaration("GET", "/api/campaigns", "listCampaigns", "List campaigns")
            .roles(access, to: "run campaigns")
            .parameters(.limit, .nextToken)
            .example(["limit": "10"])
            .answers(Page<Campaign>.self) { call in
                var page = try await call.database.campaigns(page: try call.request.pageRequest())
                for index in page.items.indices {
                    let campaign = page.items[index]
                    page.items[index] =
                        campaign.counted(try await call.database.campaignBatches(campaign.campaignId)).shown
                }
                return page
            },
        RouteDeclaration(
            "GET",
            "/api/campaigns/{id}",
            "getCampaign",
            "A campaign: its status, its rows' counts by status, and its progress"
        )
        .roles(access, to: "run campaigns")
        .parameters(.campaignId)
        .example(["id": SampleCampaign.id])
        .answers(Campaign.self) { call in
            let id = try call.campaignId()
            guard let campaign = try await call.database.campaign(id) else {
                throw DomainError.notFound("campaign \(id) does not exist")
            }
            return campaign.counted(try await call.database.campaignBatches(id)).shown
        },
        RouteDeclaration(
            "GET",
            "/api/campaigns/{id}/rows",
            "listCampaignRows",
            "A campaign's rows in file order, or those of one status, each with why when skipped or failed"
        )
        .roles(access, to: "run campaigns")
        .parameters(.campaignId, .rowStatus, .limit, .nextToken)
        .example(["id": SampleCampaign.id])
        .answers(Page<CampaignRow>.self) { call in
            let id = try call.campaignId()
            guard try await call.database.campaign(id) != nil else {
                throw DomainError.notFound("campaign \(id) does not exist")
            }
            var status: CampaignRowStatus?
            if let text = call.request.query["status"] {
                guard let parsed = CampaignRowStatus(rawValue: text.uppercased()) else {
                    throw DomainError.malformed(
                        "status must be one of \(CampaignRowStatus.allCases.map(\.rawValue).joined(separator: ", "))"
                    )
                }
                status = parsed
            }
            return try await call.database.campaignRows(id, status: status, page: try call.request.pageRequest())
        },
        RouteDeclaration(
            "POST",
            "/api/campaigns/{id}/cancel",
            "cancelCampaign",
            "Cancel a SCHEDULED or RUNNING campaign: the rows not yet run are skipped"
        )
        .roles(access, to: "run campaigns")
        .parameters(.campaignId).conflicting()
        .example(["id": SampleCampaign.id])
        .answers(Campaign.self) { call in
            try await call.campaign(
                CampaignRequest(.cancel, campaignId: try call.campaignId(), caller: call.caller),
                as: Campaign.self
            )
        },
    ]

    /// A PUT link for a new CSV: the upload id is drawn now and signed into the link.
    @Sendable static func uploadLink(_ call: RouteCall) async throws -> CampaignUploadLink {
        let key = CampaignUploadLink.key(call.services.ids.next("UP", 10))
        let link = try call.uploadLink(key: key, kind: "campaign-csv", contentType: "text/csv")
        return CampaignUploadLink(csvKey: key, link: link, headers: ["Content-Type": "text/csv", "If-None-Match": "*"])
    }
}

/// The campaign `init --sample-data` creates, scheduled far ahead, so every campaign route's
/// example has one to read.
public enum SampleCampaign {
    public static let id = "CP0001SA"
}

extension RouteCall {
    func campaignId() throws -> String {
        let id = parameters["id"] ?? ""
        guard Validate.isId(id, prefix: "CP") else {
            throw DomainError.malformed("'\(id.prefix(40))' is not a campaign id (CP + 6 upper-case letters or digits)")
        }
        return id
    }

    func campaign<T: Decodable>(_ request: CampaignRequest, as type: T.Type) async throws -> T {
        try await functions.invoke(.contractProcessor, request, as: type, parent: context)
    }
}

extension Parameter {
    static let campaignId = path("id", .id(prefix: "CP", length: 8), "the campaign's id")
    static let rowStatus = query(
        "status",
        .choice(CampaignRowStatus.allCases.map(\.rawValue)),
        "only rows in this status"
    )
}
