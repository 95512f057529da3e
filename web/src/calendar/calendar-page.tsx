/**
 * The calendar: every variant of the brand (or of all brands) by month, week or as a list, drawn
 * on the brand's clock (FullCalendar's luxon plugin does the DST-correct zone math). Dragging a
 * future, not-yet-published variant moves it; the server decides and a refusal puts it back.
 * Filters work on the loaded range in the browser, so their options come from the data itself.
 */
import type { DatesSetArg, EventClickArg, EventDropArg, EventInput } from "@fullcalendar/core";
import ruLocale from "@fullcalendar/core/locales/ru";
import dayGridPlugin from "@fullcalendar/daygrid";
import interactionPlugin, { type DateClickArg } from "@fullcalendar/interaction";
import listPlugin from "@fullcalendar/list";
import luxonPlugin from "@fullcalendar/luxon3";
import FullCalendar from "@fullcalendar/react";
import timeGridPlugin from "@fullcalendar/timegrid";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router-dom";
import { api, enc, qs } from "../api.js";
import { useChannels } from "../channels/queries.js";
import { PageHeader } from "../common/page-header.js";
import { ErrorState, FormError } from "../common/states.js";
import { zoneLabel } from "../common/zone.js";
import { CalendarFeedDialog } from "../planning/calendar-feed-dialog.js";
import { useBrandSettings, usePostActions } from "../publishing/queries.js";
import { type CalendarItem, variantStatuses } from "../publishing/types.js";
import { useShell } from "../shell/workspace.js";

export const statusColors: Record<string, string> = {
  draft: "#98a2b3",
  scheduled: "#4f46e5",
  publishing: "#0ba5ec",
  published: "#12b76a",
  failed: "#d92d20",
  unconfirmed: "#f79009",
  held: "#b54708",
  cancelled: "#d0d5dd",
};

const movableStatuses = new Set(["draft", "scheduled", "held", "cancelled"]);

/** Only what has not gone out and is still ahead may be dragged. */
export const isMovable = (item: CalendarItem, now = Date.now()) => movableStatuses.has(item.status) && Date.parse(item.at) > now;

type Filters = { channelId: string; rubric: string; status: string; campaign: string };
const noFilters: Filters = { channelId: "", rubric: "", status: "", campaign: "" };

export function CalendarPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { workspace, brand, brands, base, can } = useShell();
  const canWrite = can("posts.write");
  const [range, setRange] = useState<{ from: string; to: string } | null>(null);
  const [allBrands, setAllBrands] = useState(false);
  const [filters, setFilters] = useState<Filters>(noFilters);
  const [dropError, setDropError] = useState<unknown>(null);
  const [subscribing, setSubscribing] = useState(false);
  const closeSubscribe = useCallback(() => setSubscribing(false), []);
  const channels = useChannels(workspace.id, brand.id);
  const settings = useBrandSettings(workspace.id, brand.id);
  const { variant: move } = usePostActions(workspace.id);

  const calendar = useQuery({
    queryKey: ["calendar", workspace.id, allBrands ? null : brand.id, range?.from, range?.to],
    queryFn: () =>
      api.get<{ items: CalendarItem[] }>(
        `/api/workspaces/${enc(workspace.id)}/calendar${qs({ from: range?.from, to: range?.to, brandId: allBrands ? null : brand.id })}`,
      ),
    enabled: range !== null,
    placeholderData: (prev) => prev,
  });
  const items = calendar.data?.items ?? [];

  const options = useMemo(() => {
    const channelNames = new Map<string, string>();
    for (const c of channels.data?.items ?? []) channelNames.set(c.id, c.name || c.handle);
    for (const i of items) if (!channelNames.has(i.channelId)) channelNames.set(i.channelId, i.channelName);
    const rubrics = new Set([...(settings.data?.rubrics ?? []), ...items.map((i) => i.rubric).filter((r): r is string => Boolean(r))]);
    const campaigns = new Set(items.map((i) => i.campaign).filter((c): c is string => Boolean(c)));
    return { channels: [...channelNames], rubrics: [...rubrics], campaigns: [...campaigns].sort() };
  }, [channels.data, settings.data, items]);

  const brandName = useMemo(() => new Map(brands.map((b) => [b.id, b.name])), [brands]);
  const events = useMemo<EventInput[]>(
    () =>
      items
        .filter(
          (i) =>
            (!filters.channelId || i.channelId === filters.channelId) &&
            (!filters.rubric || i.rubric === filters.rubric) &&
            (!filters.status || i.status === filters.status) &&
            (!filters.campaign || i.campaign === filters.campaign),
        )
        .map((i) => ({
          id: i.variantId,
          title: i.title || t("publishing.untitled"),
          start: i.at,
          allDay: false,
          startEditable: canWrite && isMovable(i),
          durationEditable: false,
          backgroundColor: statusColors[i.status] ?? "#667085",
          borderColor: statusColors[i.status] ?? "#667085",
          textColor: i.status === "cancelled" ? "#344054" : "#ffffff",
          classNames: ["ev", `ev--${i.status}`],
          extendedProps: { item: i },
        })),
    [items, filters, canWrite, t],
  );

  const onDatesSet = (arg: DatesSetArg) => {
    const from = arg.start.toISOString();
    const to = arg.end.toISOString();
    setRange((r) => (r && r.from === from && r.to === to ? r : { from, to }));
  };
  const onDrop = (arg: EventDropArg) => {
    const item = arg.event.extendedProps.item as CalendarItem;
    const start = arg.event.start;
    if (!start) return arg.revert();
    setDropError(null);
    move.mutate(
      { id: item.variantId, action: "reschedule", body: { scheduledAt: start.toISOString() } },
      {
        onError: (err) => {
          arg.revert();
          setDropError(err);
        },
        onSettled: () => void qc.invalidateQueries({ queryKey: ["calendar", workspace.id] }),
      },
    );
  };
  const onEventClick = (arg: EventClickArg) => {
    const item = arg.event.extendedProps.item as CalendarItem;
    navigate(`/w/${enc(workspace.id)}/b/${enc(item.brandId)}/posts/${enc(item.postId)}`);
  };
  const onDateClick = (arg: DateClickArg) => {
    if (!canWrite) return;
    const date = arg.allDay ? arg.dateStr.slice(0, 10) : arg.date.toISOString();
    navigate(`${base}/compose?date=${enc(date)}`);
  };
  const setFilter = (key: keyof Filters, value: string) => setFilters((f) => ({ ...f, [key]: value }));

  return (
    <>
      <PageHeader
        title={t("calendar.title")}
        subtitle={t("calendar.subtitle", { zone: zoneLabel(brand.timezone) })}
        actions={
          <>
            <button type="button" className="btn btn--secondary" onClick={() => setSubscribing(true)} data-testid="calendar-subscribe">
              {t("feeds.subscribe")}
            </button>
            {canWrite ? (
              <Link to={`${base}/compose`} className="btn btn--primary">
                {t("publishing.newPost")}
              </Link>
            ) : null}
          </>
        }
      />
      <div className="filters" data-testid="calendar-filters">
        <label className="check">
          <input
            type="checkbox"
            checked={allBrands}
            onChange={(e) => {
              setAllBrands(e.target.checked);
              setFilters((f) => ({ ...f, channelId: "" }));
            }}
            data-testid="calendar-all-brands"
          />
          {t("calendar.allBrands")}
        </label>
        <select className="select select--compact" value={filters.channelId} onChange={(e) => setFilter("channelId", e.target.value)} aria-label={t("calendar.channel")} data-testid="filter-channel">
          <option value="">{t("calendar.allChannels")}</option>
          {options.channels.map(([id, name]) => (
            <option key={id} value={id}>
              {name}
            </option>
          ))}
        </select>
        <select className="select select--compact" value={filters.rubric} onChange={(e) => setFilter("rubric", e.target.value)} aria-label={t("calendar.rubric")} data-testid="filter-rubric">
          <option value="">{t("calendar.allRubrics")}</option>
          {options.rubrics.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
        <select className="select select--compact" value={filters.status} onChange={(e) => setFilter("status", e.target.value)} aria-label={t("calendar.status")} data-testid="filter-status">
          <option value="">{t("calendar.allStatuses")}</option>
          {variantStatuses.map((s) => (
            <option key={s} value={s}>
              {t(`publishing.variantStatus.${s}`)}
            </option>
          ))}
        </select>
        <select className="select select--compact" value={filters.campaign} onChange={(e) => setFilter("campaign", e.target.value)} aria-label={t("calendar.campaign")} data-testid="filter-campaign">
          <option value="">{t("calendar.allCampaigns")}</option>
          {options.campaigns.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
        {calendar.isFetching ? <span className="muted small">{t("common.loading")}</span> : null}
      </div>
      {calendar.isError ? <ErrorState error={calendar.error} onRetry={() => void calendar.refetch()} /> : null}
      <FormError error={dropError} testId="calendar-error" />
      <section className="card calendar" data-testid="calendar">
        <FullCalendar
          plugins={[dayGridPlugin, timeGridPlugin, listPlugin, interactionPlugin, luxonPlugin]}
          initialView="dayGridMonth"
          timeZone={brand.timezone}
          locales={[ruLocale]}
          locale={i18n.language}
          firstDay={1}
          height="auto"
          headerToolbar={{ left: "prev,next today", center: "title", right: "dayGridMonth,timeGridWeek,listWeek" }}
          buttonText={{ today: t("calendar.today"), month: t("calendar.month"), week: t("calendar.week"), list: t("calendar.list") }}
          events={events}
          eventDisplay="block"
          // A post at 23:40 stays on its day instead of spilling into the next.
          nextDayThreshold="01:00:00"
          dayMaxEvents={4}
          editable={canWrite}
          eventAllow={(span) => span.start.getTime() > Date.now()}
          datesSet={onDatesSet}
          eventDrop={onDrop}
          eventClick={onEventClick}
          dateClick={onDateClick}
          eventContent={(arg) => {
            const item = arg.event.extendedProps.item as CalendarItem;
            return (
              <div
                className="ev__body"
                data-testid="calendar-event"
                data-post={item.postId}
                data-variant={item.variantId}
                data-status={item.status}
                title={`${item.channelName}: ${arg.event.title}`}
              >
                {arg.timeText ? <b className="ev__time">{arg.timeText}</b> : null}
                <span className="ev__title">
                  {arg.event.title}
                  <span className="ev__channel">
                    {" · "}
                    {allBrands ? `${brandName.get(item.brandId) ?? ""} · ` : null}
                    {item.channelName}
                  </span>
                </span>
              </div>
            );
          }}
        />
      </section>
      {subscribing ? <CalendarFeedDialog onClose={closeSubscribe} /> : null}
      <ul className="legend" aria-label={t("calendar.legend")}>
        {variantStatuses.map((s) => (
          <li key={s}>
            <span className="legend__dot" style={{ background: statusColors[s] }} aria-hidden="true" />
            {t(`publishing.variantStatus.${s}`)}
          </li>
        ))}
      </ul>
    </>
  );
}
