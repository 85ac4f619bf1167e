//! Department pages: the list, and each department with what it leads or takes part in.

use crate::error::WebError;
use crate::extract::Ctx;
use crate::layout::Layout;
use crate::pages::{Link, MeasureItem, cached_for, dept_link, goal_link, md, measure_items};
use askama::Template;
use axum::extract::Path;
use axum::response::Response;
use fahrplan_domain::{Department, paths};

/// A heading with departments below it.
pub struct Group {
    title: String,
    items: Vec<Link>,
}

#[derive(Template)]
#[template(path = "strategy/departments.html")]
struct DepartmentsPage {
    l: Layout,
    current: Vec<Link>,
    earlier: Vec<Group>,
}

/// `GET /ressorts`: the departments in office today first, then the earlier cabinets, each
/// under its own heading.
pub async fn list_departments(ctx: Ctx) -> Result<Response, WebError> {
    let v = ctx.state.app.departments_view().await?;
    let mut l = ctx.titled(paths::DEPARTMENTS, "departments-title");
    if let Some(d) = v.departments.iter().map(|d| d.updated).max() {
        l = l.stand(d);
    }
    let today = fahrplan_app::participation::today();
    let link = |d: &Department| Link {
        title: d.name.clone(),
        href: paths::department(&d.code),
        summary: d.short_name.clone(),
    };
    let current = v
        .departments
        .iter()
        .filter(|d| d.in_office_on(today))
        .map(link)
        .collect();
    let mut earlier: Vec<Group> = Vec::new();
    for d in v.departments.iter().filter(|d| !d.in_office_on(today)) {
        let cabinet = d.cabinet.clone().unwrap_or_default();
        match earlier.iter_mut().find(|g| g.title == cabinet) {
            Some(g) => g.items.push(link(d)),
            None => earlier.push(Group {
                title: cabinet,
                items: vec![link(d)],
            }),
        }
    }
    cached_for(
        v.tags(),
        &DepartmentsPage {
            l,
            current,
            earlier,
        },
    )
}

/// A goal on a department page.
pub struct GoalItem {
    title: String,
    href: String,
    role: String,
    area: Link,
}

#[derive(Template)]
#[template(path = "strategy/department.html")]
struct DepartmentPage {
    l: Layout,
    d: Department,
    validity: String,
    note_html: Option<String>,
    successors: Vec<Link>,
    predecessors: Vec<Link>,
    goals: Vec<GoalItem>,
    measures: Vec<MeasureItem>,
    umsetzung_href: String,
}

/// `GET /ressorts/{code}`: a department, its successors and everything it leads or partners.
pub async fn show_department(ctx: Ctx, Path(code): Path<String>) -> Result<Response, WebError> {
    let v = ctx.state.app.department_view(&code).await?;
    let tags = v.tags();
    let d = v.department;
    let l = ctx
        .layout(&paths::department(&code), d.name.clone())
        .crumb(ctx.t("departments-title"), paths::DEPARTMENTS)
        .content_crumb(d.short_name.clone(), "")
        .stand(d.updated);
    let validity = match &d.valid_to {
        Some(to) => l.t2(
            "department-valid",
            "from",
            l.date(&d.valid_from),
            "to",
            l.date(to),
        ),
        None => l.t1("department-valid-open", "from", l.date(&d.valid_from)),
    };
    let area_title = |e: &str, s: &str| {
        v.areas
            .iter()
            .find(|a| a.edition == e && a.doc.slug == s)
            .map_or_else(|| s.to_owned(), |a| a.doc.title.clone())
    };
    let role = |lead: &str| {
        if lead == code {
            l.t("department-leads")
        } else {
            l.t("department-partners")
        }
    };
    let goals = v
        .goals
        .iter()
        .map(|g| GoalItem {
            title: g.goal.title.clone(),
            href: goal_link(g).href,
            role: role(&g.goal.lead),
            area: Link {
                title: area_title(&g.edition, &g.area),
                href: paths::area(&g.edition, &g.area),
                summary: String::new(),
            },
        })
        .collect();
    let mut measures = measure_items(&v.measures, &v.departments);
    for (item, m) in measures.iter_mut().zip(&v.measures) {
        item.role = role(&m.measure.lead);
        item.area.title = area_title(&m.edition, &m.area);
    }
    cached_for(
        tags,
        &DepartmentPage {
            validity,
            note_html: d.note.as_deref().map(|n| md(n, 2)),
            successors: v
                .successors
                .iter()
                .map(|s| dept_link(&v.departments, &s.code))
                .collect(),
            predecessors: v
                .predecessors
                .iter()
                .map(|s| dept_link(&v.departments, &s.code))
                .collect(),
            goals,
            measures,
            umsetzung_href: paths::department_umsetzung(&d.code),
            d,
            l,
        },
    )
}
