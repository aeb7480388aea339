## WhatsApp

whatsapp-text-only = I can only read text here. Please type your message, or send *menu* to see what you can do.
whatsapp-list-button = Choose
whatsapp-confidential = 🔒 _Confidential case material: please do not forward._
whatsapp-menu = *What would you like to do?* Choose below, or type a word such as *lesson* or *help*.
whatsapp-menu-more = More ▶
