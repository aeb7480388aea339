## Profile steps

# The page of the province list, under the province question.
province-page = Page { $page }/{ $pages }
ask-days = On which days would you like a lesson? Press a day to turn it on or off, then Done. (National holidays never get one.)
days-none = Keep at least one day. To stop lessons for a while, send /pause instead.
summary-days = Lesson days: { $days }
btn-set-days = Lesson days
weekday-1 = Mon
weekday-2 = Tue
weekday-3 = Wed
weekday-4 = Thu
weekday-5 = Fri
weekday-6 = Sat
weekday-7 = Sun
