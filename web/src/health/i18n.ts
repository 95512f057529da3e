/** The plan health card's strings (merged into the app's translations in i18n/index.ts). */
import type { Messages } from "../i18n/en.js";

export const healthEn: Messages = {
  health: {
    title: "Plan health",
    subtitle: "The plan and the practice checked against the known SMM mistakes.",
    runNow: "Run now",
    running: "Checking…",
    lastRun: "Checked {{when}} ({{trigger}}) · period {{from}} – {{to}} · {{zone}} time",
    trigger: { manual: "on demand", weekly: "weekly" },
    looked: "Posts checked: {{posts}} ({{planned}} planned) · comments: {{comments}}",
    never: "Not checked yet. Chorus checks the plan every Monday morning; run it now to see the findings.",
    allGood: "No known mistakes found in this period. Keep it up.",
    severity: { critical: "Critical", warning: "Worth fixing", info: "For information" },
    counts: "Critical: {{critical}} · worth fixing: {{warning}} · for information: {{info}}",
    todo: "What to do: ",
    concerned: "Open:",
    more_one: "and {{count}} more",
    more_other: "and {{count}} more",
    item: { post: "Post {{n}}", inbox_item: "Comment {{n}}", channel: "Channel" },
    kinds: { selling: "Selling", informative: "Informative", educational: "Educational", entertaining: "Entertaining" },
    formats: { text: "text", image: "photo", video: "video", carousel: "carousel", link: "link", poll: "poll", story: "story", reel: "short video" },
    rules: {
      too_many_posts: {
        title: "Too many posts on {{channel}}",
        detail: "{{maxPerDay}} posts on {{day}}; days over the limit: {{days}}. Guidance: at most {{limit}} a day.",
        advice: "Move the extra posts to other days: more than 3 a day irritates subscribers, and they unsubscribe or hide the feed.",
      },
      long_silence: {
        title: "{{channel}} went silent for {{days}}",
        detail: "No posts from {{from}} to {{to}}; a pause of {{limit}} or more is too long.",
        advice: "Plan a post at least every few days: a silent community loses reach and looks abandoned.",
      },
      one_format: {
        title: "Only one content type: {{format}}",
        detail: "All {{posts}} posts of the period are in this format.",
        advice: "Mix formats (photos, video, carousels, polls, text): different people respond to different ones, and the feed stops looking monotonous.",
      },
      mix_off_plan: {
        title: "{{kind}} content: {{actual}} % instead of the planned {{planned}} %",
        detail: "Posts in the strategy's rubrics: {{posts}}; the plan allows ±{{tolerance}} percentage points.",
        advice_over: "Replace some of these posts with the kinds the plan lacks.",
        advice_under: "Add posts of this kind, or revise the content mix in the strategy.",
      },
      info_vs_entertaining: {
        title: "Informative vs entertaining content is off the plan",
        detail: "Informative: {{informative}}, entertaining: {{entertaining}}. Informative posts are {{actual}} % of the two; the plan has {{planned}} %.",
        advice_too_informative: "Add entertaining posts: subscribers react less and less to news alone.",
        advice_too_entertaining: "Add informative posts: entertainment alone does not build trust in the brand.",
      },
      low_activity_hours: {
        title: "Posts planned at low-activity hours ({{hours}})",
        detail: "Planned at these hours: {{posts}}. At {{hour}}:00 a post gets {{index}} % of the engagement of a typical hour (posts measured at that hour: {{hourPosts}}, in all: {{samples}}).",
        advice: "Move them to hours when the audience is active; the composer suggests the best times.",
      },
      hours_not_enough_data: {
        title: "Too little history to judge posting hours",
        detail: "Posts with metrics in the last 90 days: {{posts}}; at least {{needed}} are needed, and {{perHour}} at an hour to judge it.",
        advice: "Keep publishing through Chorus or import the history: once there is enough data, the check names the quiet hours.",
      },
      unanswered_comments: {
        title: "Comments without an answer",
        detail: "Waiting longer than the {{target}} target: {{count}}, negative among them: {{negative}}.",
        advice: "Answer them, the negative ones first: an unanswered complaint is read by everyone who visits the page.",
      },
      slow_answers: {
        title: "Answers come late",
        detail: "Answers after the {{target}} target: {{late}} of {{answered}} ({{latePercent}} %). Median first response: {{median}}.",
        advice: "Share the inbox between people, use saved replies and notifications to answer within the target.",
      },
      deleted_negative: {
        title: "Negative comments deleted",
        detail: "Deleted: {{deleted}}; without an answer or hiding first: {{unanswered}}.",
        advice: "Don't delete criticism: answer calmly, hide what breaks the rules, escalate if needed. Deleted complaints come back as screenshots.",
      },
      dead_audience: {
        title: "{{channel}}: the audience looks dead",
        detail: "Audit of {{auditedAt}}: bots {{botPercent}} %, inactive {{deadPercent}} %, live {{livePercent}} % (sample: {{sample}}).",
        advice: "Stop any bought promotion, remove bots where the network allows, and judge results by live followers.",
      },
      low_engagement: {
        title: "{{channel}}: many followers, few reactions",
        detail: "ER by followers (interactions ÷ followers): {{er}} % over {{posts}} posts with {{followers}} followers; a living audience gives at least {{limit}} %.",
        advice: "Audit the audience for bots, and try content and hours that get reactions.",
      },
    },
  },
};

export const healthRu: Messages = {
  health: {
    title: "Проверка контент-плана",
    subtitle: "План и работа со страницами сверены с типичными ошибками SMM.",
    runNow: "Проверить сейчас",
    running: "Проверяем…",
    lastRun: "Проверено {{when}} ({{trigger}}) · период {{from}} — {{to}} · время: {{zone}}",
    trigger: { manual: "вручную", weekly: "еженедельная проверка" },
    looked: "Постов в проверке: {{posts}} (запланировано: {{planned}}) · комментариев: {{comments}}",
    never: "Проверки ещё не было. Chorus проверяет план каждый понедельник утром — запустите проверку сейчас, чтобы увидеть результаты.",
    allGood: "Типичных ошибок за этот период не нашлось. Так держать!",
    severity: { critical: "Критично", warning: "Стоит исправить", info: "К сведению" },
    counts: "Критично: {{critical}} · стоит исправить: {{warning}} · к сведению: {{info}}",
    todo: "Что сделать: ",
    concerned: "Открыть:",
    more_one: "и ещё {{count}}",
    more_few: "и ещё {{count}}",
    more_many: "и ещё {{count}}",
    more_other: "и ещё {{count}}",
    item: { post: "Пост {{n}}", inbox_item: "Комментарий {{n}}", channel: "Канал" },
    kinds: { selling: "Продающий", informative: "Информационный", educational: "Обучающий", entertaining: "Развлекательный" },
    formats: { text: "текст", image: "фото", video: "видео", carousel: "карусель", link: "ссылка", poll: "опрос", story: "сторис", reel: "короткое видео" },
    rules: {
      too_many_posts: {
        title: "Слишком много постов в «{{channel}}»",
        detail: "{{day}} — постов: {{maxPerDay}}; дней с перебором: {{days}}. Норма — не больше {{limit}} в день.",
        advice: "Перенесите лишние посты на другие дни: больше трёх постов в день раздражают подписчиков, они отписываются или скрывают ленту.",
      },
      long_silence: {
        title: "«{{channel}}» молчал {{days}}",
        detail: "Ни одного поста с {{from}} по {{to}}; пауза от {{limit}} — уже слишком долго.",
        advice: "Планируйте пост хотя бы раз в несколько дней: молчащее сообщество теряет охват и выглядит заброшенным.",
      },
      one_format: {
        title: "Только один формат контента: {{format}}",
        detail: "Все посты периода ({{posts}}) — в этом формате.",
        advice: "Чередуйте форматы — фото, видео, карусели, опросы, тексты: разные люди откликаются на разное, и лента не выглядит однообразной.",
      },
      mix_off_plan: {
        title: "{{kind}} контент: {{actual}} % вместо {{planned}} % по плану",
        detail: "Постов в рубриках стратегии: {{posts}}; допустимое отклонение — ±{{tolerance}} п. п.",
        advice_over: "Замените часть этих постов контентом, которого по плану не хватает.",
        advice_under: "Добавьте посты этого типа или пересмотрите контент-микс в стратегии.",
      },
      info_vs_entertaining: {
        title: "Соотношение информационного и развлекательного контента не по плану",
        detail: "Информационных постов: {{informative}}, развлекательных: {{entertaining}}. Доля информационных среди них — {{actual}} %, по плану — {{planned}} %.",
        advice_too_informative: "Добавьте развлекательных постов: на одни новости подписчики реагируют всё слабее.",
        advice_too_entertaining: "Добавьте информационных постов: одни развлечения не формируют доверие к бренду.",
      },
      low_activity_hours: {
        title: "Посты запланированы на часы низкой активности ({{hours}})",
        detail: "Запланировано на эти часы: {{posts}}. В {{hour}}:00 пост набирает {{index}} % вовлечённости обычного часа (измерено постов в этот час: {{hourPosts}}, всего: {{samples}}).",
        advice: "Перенесите их на часы, когда аудитория активна: лучшее время подсказывает редактор поста.",
      },
      hours_not_enough_data: {
        title: "Мало данных, чтобы оценить время публикаций",
        detail: "Постов со статистикой за 90 дней: {{posts}}; нужно не меньше {{needed}}, а чтобы оценить час — {{perHour}} поста в этот час.",
        advice: "Публикуйте через Chorus или импортируйте историю: когда данных станет достаточно, проверка назовёт часы низкой активности.",
      },
      unanswered_comments: {
        title: "Комментарии без ответа",
        detail: "Ждут ответа дольше целевого времени ({{target}}): {{count}}, из них негативных: {{negative}}.",
        advice: "Ответьте, начиная с негативных: жалобу без ответа видят все, кто заходит на страницу.",
      },
      slow_answers: {
        title: "Отвечаете слишком медленно",
        detail: "Ответов позже целевого времени ({{target}}): {{late}} из {{answered}} ({{latePercent}} %). Медианное время первого ответа — {{median}}.",
        advice: "Распределите входящие между сотрудниками, используйте шаблоны ответов и уведомления, чтобы укладываться в целевое время.",
      },
      deleted_negative: {
        title: "Удалены негативные комментарии",
        detail: "Удалено: {{deleted}}, из них без ответа и без скрытия: {{unanswered}}.",
        advice: "Не удаляйте критику: спокойно ответьте, скройте то, что нарушает правила, при необходимости передайте выше. Удалённые жалобы возвращаются скриншотами.",
      },
      dead_audience: {
        title: "«{{channel}}»: похоже на «мёртвую» аудиторию",
        detail: "Аудит от {{auditedAt}}: боты — {{botPercent}} %, неактивные — {{deadPercent}} %, живые — {{livePercent}} % (выборка: {{sample}}).",
        advice: "Откажитесь от накруток, по возможности удалите ботов и оценивайте результат по живым подписчикам.",
      },
      low_engagement: {
        title: "«{{channel}}»: подписчиков много, реакций мало",
        detail: "ER по подписчикам (взаимодействия ÷ подписчики) — {{er}} %; постов: {{posts}}, подписчиков: {{followers}}. У живой аудитории — от {{limit}} %.",
        advice: "Проверьте аудиторию на ботов аудитом и пробуйте контент и время, на которые откликаются.",
      },
    },
  },
};
