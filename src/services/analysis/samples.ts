/**
 * Labelled evaluation set for the text analyser: short, realistic comments a coffee-shop / retail
 * brand receives (20 English, 20 Russian, 20 Ukrainian). Each language has 7 positive, 6 neutral
 * (mostly questions, which make up much of a real inbox) and 7 negative comments.
 *
 * The set was written before tuning and is used as-is by analysis.test.ts; it is small, so its
 * figures say "works on typical comments", not "is accurate to ±1 %".
 */
export type Sentiment = "positive" | "neutral" | "negative";
export type Sample = { text: string; lang: "en" | "ru" | "uk"; sentiment: Sentiment };

const s = (lang: Sample["lang"], sentiment: Sentiment, text: string): Sample => ({ text, lang, sentiment });

export const samples: Sample[] = [
  // English
  s("en", "positive", "Best flat white in town, the barista really knows what she's doing ☕️"),
  s("en", "positive", "Love this place! Cozy corner and the cinnamon buns are amazing 😍"),
  s("en", "positive", "Great service today, thanks Anna!"),
  s("en", "positive", "The new oat latte is delicious, I'll be back for sure 👍"),
  s("en", "positive", "Ordered online, pickup took two minutes. Super convenient!"),
  s("en", "positive", "Such a friendly team, always makes my morning better"),
  s("en", "positive", "Highly recommend the cheesecake 🔥🔥"),
  s("en", "neutral", "What time do you open on Sundays?"),
  s("en", "neutral", "Do you have lactose-free milk?"),
  s("en", "neutral", "Is the store on Main Street still closed for renovation?"),
  s("en", "neutral", "Can I pay by card at the kiosk?"),
  s("en", "neutral", "Are you hiring baristas this summer?"),
  s("en", "neutral", "Saw your post about the new menu, when does it start?"),
  s("en", "negative", "Waited 25 minutes for a cold cappuccino. Not impressed."),
  s("en", "negative", "The staff was rude and the tables were dirty 😡"),
  s("en", "negative", "Overpriced and the croissant was stale. Never again."),
  s("en", "negative", "Charged twice for one order and nobody answers my emails!!!"),
  s("en", "negative", "Worst coffee I've had this year 🤮"),
  s("en", "negative", "I don't recommend the delivery, everything arrived spilled 👎"),
  s("en", "negative", "Not very good honestly, the cake was dry"),
  // Russian
  s("ru", "positive", "Лучший раф в городе, спасибо бариста! ☕"),
  s("ru", "positive", "Очень уютно и вкусно, обязательно вернёмся 😍"),
  s("ru", "positive", "Обожаю ваши круассаны, всегда свежие"),
  s("ru", "positive", "Спасибо за быструю доставку, всё горячее и вкусное 👍"),
  s("ru", "positive", "Отличный сервис, девочки на кассе супер приветливые"),
  s("ru", "positive", "Рекомендую всем, кофе просто огонь 🔥"),
  s("ru", "positive", "Классное место, хорошая музыка и приятные цены"),
  s("ru", "neutral", "Во сколько вы открываетесь в субботу?"),
  s("ru", "neutral", "А есть растительное молоко?"),
  s("ru", "neutral", "Подскажите, можно оплатить картой через приложение?"),
  s("ru", "neutral", "Где находится ваша новая точка на Садовой?"),
  s("ru", "neutral", "Вы работаете в праздники?"),
  s("ru", "neutral", "Сколько стоит большой капучино?"),
  s("ru", "negative", "Ждали заказ сорок минут, кофе принесли холодный"),
  s("ru", "negative", "Кассир нахамил, больше не приду 😡"),
  s("ru", "negative", "Не рекомендую, пирожное было несвежее"),
  s("ru", "negative", "Ужасное обслуживание, грязные столы 👎"),
  s("ru", "negative", "Деньги списали дважды, а поддержка молчит уже неделю!!!"),
  s("ru", "negative", "Не очень, кофе горький и дорогой"),
  s("ru", "negative", "Отравился вашим салатом, это отвратительно 🤮"),
  // Ukrainian
  s("uk", "positive", "Найсмачніша кава на районі, дякую! ❤️"),
  s("uk", "positive", "Дуже затишно, персонал привітний, обов'язково прийдемо ще"),
  s("uk", "positive", "Чудові круасани, завжди свіжі 😍"),
  s("uk", "positive", "Швидка доставка і все гаряче, дякуємо 👍"),
  s("uk", "positive", "Рекомендую, лате просто вогонь 🔥"),
  s("uk", "positive", "Найкращий сервіс у місті, ви молодці"),
  s("uk", "positive", "Люблю ваші сирники, смакота"),
  s("uk", "neutral", "О котрій ви відкриваєтесь у неділю?"),
  s("uk", "neutral", "Чи є у вас безлактозне молоко?"),
  s("uk", "neutral", "Підкажіть, можна оплатити карткою?"),
  s("uk", "neutral", "Де знаходиться нова кав'ярня на Подолі?"),
  s("uk", "neutral", "Ви працюєте на свята?"),
  s("uk", "neutral", "Скільки коштує велике капучино?"),
  s("uk", "negative", "Чекали замовлення пів години, кава холодна"),
  s("uk", "negative", "Бариста був грубий, ніколи більше не прийду 😡"),
  s("uk", "negative", "Не рекомендую, тістечко було несвіже"),
  s("uk", "negative", "Жахливе обслуговування і брудні столи 👎"),
  s("uk", "negative", "Гроші зняли двічі, а підтримка мовчить!!!"),
  s("uk", "negative", "Не дуже, кава гірка і дорога"),
  s("uk", "negative", "Отруївся вашим салатом, це огидно 🤮"),
];
