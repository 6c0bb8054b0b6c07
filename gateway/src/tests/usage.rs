//! A meter's usage through the API: daily totals for charts, and the period so far priced
//! under the meter's tariff or another.

use super::*;

#[tokio::test]
async fn the_owner_pages_through_her_meters_days() {
    let app = app();
    let alice = token(&app, 2).await;
    let uri = "/api/meters/m-alice-1/daily?from_day=2&to_day=8&limit=4";
    let (status, page) = call(&app, Method::GET, uri, Some(&alice), None).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let days: Vec<u64> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["day"].as_u64().unwrap())
        .collect();
    assert_eq!(
        (days, page["has_more"].clone()),
        (vec![2, 3, 4, 5], json!(true))
    );
    assert_eq!(page["items"][1]["energy_wh"], 3_000);
    let uri = "/api/meters/m-alice-1/daily?from_day=2&to_day=8&limit=4&start_after=5";
    let (_, rest) = call(&app, Method::GET, uri, Some(&alice), None).await;
    assert_eq!(rest["items"].as_array().unwrap().len(), 2);
    assert_eq!(rest["has_more"], false);
}

#[tokio::test]
async fn the_period_so_far_is_priced_by_the_meters_tariff_or_another() {
    let app = app();
    let alice = token(&app, 2).await;
    let (status, now) = call(
        &app,
        Method::GET,
        "/api/meters/m-alice-1/period",
        Some(&alice),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{now}");
    assert_eq!(now["period"], 3);
    assert_eq!(now["tariff_id"], "t1");
    assert_eq!(now["tariff_version"], 2);
    assert_eq!(now["total"], "14400");
    assert_eq!(now["lines"][0]["kind"], "flat_rate");
    assert_eq!(now["recent_days"][0]["energy_wh"], 12_000);
    // The hourly profile sums the months: 4 + 6 kWh at 8 on weekdays, 1 + 1 at 20 on weekends.
    assert_eq!(now["weekday_hourly_wh"].as_array().unwrap().len(), 24);
    assert_eq!(now["weekday_hourly_wh"][8], 10_000);
    assert_eq!(now["weekend_hourly_wh"][20], 2_000);
    assert_eq!(now["weekday_hourly_wh"][20], 0);

    // A what-if under another tariff, for the retailer.
    let retailer = token(&app, 4).await;
    let uri = "/api/meters/m-alice-1/period?tariff=t2";
    let (status, what_if) = call(&app, Method::GET, uri, Some(&retailer), None).await;
    assert_eq!(status, StatusCode::OK, "{what_if}");
    assert_eq!(
        (what_if["tariff_id"].clone(), what_if["total"].clone()),
        (json!("t2"), json!("28800"))
    );
    let uri = "/api/meters/m-alice-1/period?tariff=nope";
    let (status, refused) = call(&app, Method::GET, uri, Some(&retailer), None).await;
    assert_eq!(
        (status, code(&refused)),
        (StatusCode::NOT_FOUND, "tariff.tariff_not_found")
    );
}

#[tokio::test]
async fn usage_is_refused_to_whoever_may_not_see_the_meter() {
    let app = app();
    let bob = token(&app, 3).await;
    for uri in [
        "/api/meters/m-alice-1/daily",
        "/api/meters/m-alice-1/period",
    ] {
        let (status, refused) = call(&app, Method::GET, uri, Some(&bob), None).await;
        assert_eq!(
            (status, code(&refused)),
            (StatusCode::FORBIDDEN, codes::FORBIDDEN),
            "{uri}"
        );
        let (status, refused) = call(&app, Method::GET, uri, None, None).await;
        assert_eq!(
            (status, code(&refused)),
            (StatusCode::UNAUTHORIZED, codes::UNAUTHENTICATED),
            "{uri}"
        );
    }
    let alice = token(&app, 2).await;
    let uri = "/api/meters/m-alice-1/daily?from_day=yesterday";
    let (status, refused) = call(&app, Method::GET, uri, Some(&alice), None).await;
    assert_eq!(
        (status, code(&refused)),
        (StatusCode::BAD_REQUEST, codes::BAD_REQUEST)
    );
    // An unknown meter, to the administrator who may see every meter.
    let admin = token(&app, 1).await;
    let (status, refused) = call(
        &app,
        Method::GET,
        "/api/meters/none/period",
        Some(&admin),
        None,
    )
    .await;
    assert_eq!(
        (status, code(&refused)),
        (StatusCode::NOT_FOUND, "admin.meter_not_found")
    );
}
