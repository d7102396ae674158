/**
 * Common given names across the regions MedPsy users write from (English-speaking, Hispanic,
 * Arabic, South and East Asian, African, European), written for medpsy. They let the detector
 * find names that come without a title or cue ("Maria Garcia called about her son Liam").
 */
export const GIVEN_NAMES: ReadonlySet<string> = new Set(
  (
    "Aarav Aaron Abena Abigail Achieng Adaeze Adam Ade Aditi Adwoa Agnieszka Ahmad Ahmed Aiden Aisha " +
    "Akira Akosua Alan Albert Alejandra Alejandro Alessandro Alexander Alexei Alexis Alfie Ali Alice " +
    "Ama Amanda Amara Amber Amelia Amina Amit Amy Ana Ananya Anastasia Andrea Andrei Andres Andrew " +
    "Angela Angus Anil Anjali Ann Anna Anthony Antoine Antonio Aoi Aoife Archie Aria Arjun Arthur " +
    "Arun Ashley Astrid Austin Ava Ayesha Ayodele Barbara Benjamin Betty Beverly Bilal Billy Bisi " +
    "Bo Bobby Bradley Brandon Brenda Brian Brittany Bruce Bryan Caleb Callum Camila Camille Carl " +
    "Carlos Carmen Carol Carolyn Carter Catherine Charles Charlie Charlotte Chen Cheryl Chiamaka " +
    "Chiara Chidi Chinedu Chloe Christian Christina Christine Christopher Cian Ciara Claudia Conor " +
    "Cynthia Daiki Daniel Daniela Danielle David Deborah Debra Declan Deepak Deepika Denise Dennis " +
    "Diana Diane Diego Divya Dmitri Donald Donna Doris Dorothy Douglas Dylan Eduardo Edward Ekaterina " +
    "Elena Elijah Elizabeth Ella Ellie Elsa Emeka Emi Emilio Emily Emma Eric Erik Ethan Eugene Eunji " +
    "Evelyn Ezra Farah Fatima Felix Feng Fernanda Fernando Finley Finn Folake Frances Francesca Francisco " +
    "Frank Freddie Freja Freya Funmilayo Gabriel Gabriela Gary George Gerald Giovanni Giulia Giuseppe " +
    "Gloria Grace Gregory Guadalupe Hamish Hamza Hana Hanna Hannah Hans Hao Harold Harper Harry Haruto " +
    "Hassan Hazel Heather Helen Henry Hina Hiroshi Hua Huda Hudson Hugo Hui Hussein Hyun Ibrahim " +
    "Igor Imogen Ines Ingrid Irina Isaac Isabella Ishaan Isla Ivan Jack Jackson Jacob Jacqueline " +
    "Jakub James Janet Janice Jason Javier Jean Jeffrey Jennifer Jeremy Jerry Jesse Jessica Jian " +
    "Jing Jisoo Jiwoo Joan Joe Johanna John Jonas Jonathan Jordan Jorge Jose Joseph Joshua Joyce " +
    "Juan Judith Judy Julian Juliana Julie Juliette Jun Jurgen Justin Kamau Karen Karim Katarzyna " +
    "Katherine Kathleen Kathryn Kavya Kayla Keiko Keith Kelly Kenji Kenneth Kevin Khadija Khalid " +
    "Kimberly Klaus Kofi Kojo Krishna Krzysztof Kwabena Kwame Kyle Lakshmi Lan Larry Lars Laura Lauren " +
    "Lawrence Layla Lea Lei Leila Lena Leo Leon Lerato Levi Li Liam Lily Lin Linda Lisa Logan Lorenzo " +
    "Lori Louis Luca Lucas Lucia Luis Lukas Lukasz Luke Luna Madison Magdalena Manoj Manon Manuel " +
    "Marco Margaret Margaux Maria Mariam Mariana Marie Marilyn Marina Mark Martha Mary Maryam Mason " +
    "Mateo Matteo Matthew Maya Meera Megan Mei Melissa Mia Michael Michelle Miguel Mikhail Miles " +
    "Ming Minji Mio Mohammed Muhammad Mustafa Nabil Naledi Nancy Natalia Natalie Nathan Neha Ngozi " +
    "Niamh Nicholas Nicole Nikolai Nils Njeri Nneka Noah Noor Nora Nour Obinna Oisin Oleg Olga Oliver " +
    "Olivia Oluwaseun Omar Oscar Otieno Owen Pablo Padraig Pamela Patricia Patrick Paul Paula Pavel " +
    "Pedro Peter Philip Pierre Piotr Pooja Poppy Priya Qing Rachel Rafael Rahul Raj Rajesh Ralph " +
    "Ramesh Randy Rania Rashid Ravi Raymond Rebecca Ricardo Richard Riku Rin Robert Roger Rohan Ronald " +
    "Rory Rosa Roy Ruby Russell Ruth Ryan Sakura Salma Samantha Samir Samuel Sana Sandra Sanjay Santiago " +
    "Saoirse Sara Sarah Satoshi Scarlett Scott Sean Sebastian Seojun Sergei Sergio Sharon Shirley " +
    "Sigrid Sinead Siobhan Sipho Sofia Sophia Sophie Sota Soyeon Stefan Stella Stephanie Stephen " +
    "Steven Sunil Sunita Suresh Susan Sven Svetlana Takashi Tao Tariq Tatiana Teresa Terry Thabo " +
    "Themba Theo Theresa Thomas Timothy Tomasz Tunde Tyler Valentina Victoria Vihaan Vijay Vikram " +
    "Vincent Virginia Vladimir Walter Wanjiru Wayne Wei William Willie Willow Wolfgang Wyatt Ximena " +
    "Xin Xiu Yan Yang Yasmeen Yasmin Yaw Yi Ying Yoko Youssef Yui Yuki Yulia Yuna Yuri Yusuf Yuto " +
    "Zachary Zainab Zanele Zara Zhen Zoe "
  ).trim().split(" "),
);
